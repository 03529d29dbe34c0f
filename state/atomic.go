package state

import (
	"io/fs"
	"os"
	"path/filepath"
)

// writeTemp writes data to a new temp file in dir with mode perm and fsyncs
// it, returning its name. The temp file lives in the same directory as its
// final name so that the rename that follows is atomic (same filesystem).
// On error nothing is left behind.
func writeTemp(dir, pattern string, data []byte, perm fs.FileMode) (name string, err error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	// Chmod the descriptor rather than rely on the umask: the mode is part
	// of the contract (0600 for seeds, 0644 for public state).
	if err = f.Chmod(perm); err != nil {
		return "", err
	}
	if _, err = f.Write(data); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
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
