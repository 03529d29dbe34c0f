package state

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/natsplan/natsplan/safefile"
)

// writeTemp writes data to a new fsynced temp file in dir with mode perm
// (safefile.WriteTemp), for a rename into place.
func writeTemp(dir, pattern string, data []byte, perm fs.FileMode) (string, error) {
	return safefile.WriteTemp(dir, pattern, data, perm)
}

// writeFileAtomic replaces path with data so that a reader (or a crash)
// sees either the old content or the new, never a mix, and the new content
// is on disk when it returns.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, "."+filepath.Base(path)+".tmp-*", data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

// syncDir fsyncs a directory so that the names created or renamed in it
// survive a crash; fsyncing a file does not persist its directory entry.
func syncDir(dir string) error { return syncFile(dir) }

// mkdirDurable creates dir and any missing parents with mode perm (exactly,
// whatever the umask), fsyncing each parent so the new entries are durable.
func mkdirDurable(dir string, perm fs.FileMode) error {
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return &fs.PathError{Op: "mkdir", Path: dir, Err: fs.ErrExist}
		}
		return nil
	}
	parent := filepath.Dir(dir)
	if parent != dir {
		if err := mkdirDurable(parent, perm); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, perm); err != nil && !os.IsExist(err) {
		return err
	}
	if err := os.Chmod(dir, perm); err != nil {
		return err
	}
	return syncDir(parent)
}

// syncFile fsyncs the file (or directory) at path.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
