package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Staged is a file written under a temp name beside its final one, not yet
// visible under that name. Commit renames it into place; Discard removes
// it, and any directory Stage created for it.
type Staged struct {
	Path   string // as given
	target string // Path with links resolved: what Commit replaces
	tmp    string
	dirs   []string // directories Stage created, deepest first
}

// Stage writes data, with mode perm (exactly, whatever the umask), to a
// fsynced temp file in the directory of path's resolved target, creating
// missing parent directories (0755). It refuses a target that is a
// directory.
func Stage(path string, data []byte, perm fs.FileMode) (*Staged, error) {
	target, err := Resolve(path)
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	if fi, err := os.Stat(target); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("writing %s: it is a directory, not a file", path)
	}
	s := &Staged{Path: path, target: target}
	if err := s.mkdirs(filepath.Dir(target)); err != nil {
		s.Discard()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	if s.tmp, err = WriteTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*", data, perm); err != nil {
		s.Discard()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return s, nil
}

// mkdirs creates dir and its missing parents, remembering which it made.
func (s *Staged) mkdirs(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%s is not a directory", d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) || d == filepath.Dir(d) {
			return err
		}
		missing = append(missing, d)
	}
	for _, d := range slices.Backward(missing) {
		if err := os.Mkdir(d, 0o755); err != nil {
			return err
		}
		s.dirs = append([]string{d}, s.dirs...)
		if err := syncDir(filepath.Dir(d)); err != nil {
			return err
		}
	}
	return nil
}

// Commit renames the staged file into place and makes the rename durable.
func (s *Staged) Commit() error {
	if err := os.Rename(s.tmp, s.target); err != nil {
		return fmt.Errorf("writing %s: %w", s.Path, err)
	}
	s.tmp, s.dirs = "", nil
	if err := syncDir(filepath.Dir(s.target)); err != nil {
		return fmt.Errorf("writing %s: %w", s.Path, err)
	}
	return nil
}

// Discard removes what Stage left, unless Commit ran. It is safe to call
// more than once and after Commit.
func (s *Staged) Discard() {
	if s.tmp != "" {
		os.Remove(s.tmp)
		s.tmp = ""
	}
	for _, d := range s.dirs {
		os.Remove(d) // only if empty: someone may have put files there meanwhile
	}
	s.dirs = nil
}

// Write replaces path (its target, if it is a link) with data at mode
// perm, atomically: a reader or a crash sees the old content or the new.
func Write(path string, data []byte, perm fs.FileMode) error {
	s, err := Stage(path, data, perm)
	if err != nil {
		return err
	}
	if err := s.Commit(); err != nil {
		s.Discard()
		return err
	}
	return nil
}

// Write checks path with g, then writes it as Write does.
func (g *Guard) Write(path string, data []byte, perm fs.FileMode) error {
	if err := g.Check(path); err != nil {
		return err
	}
	return Write(path, data, perm)
}

// WriteTemp writes data to a new temp file in dir with mode perm (set on
// the descriptor, not left to the umask: the mode is part of the contract,
// 0600 for seeds) and fsyncs it, returning its name; on error nothing is
// left behind. The temp file lives in the directory of its final name, so
// that the rename that follows is atomic. The state package's writes use
// it too.
func WriteTemp(dir, pattern string, data []byte, perm fs.FileMode) (name string, err error) {
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
	if err = f.Chmod(perm); err != nil {
		return "", err
	}
	if _, err = f.Write(data); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// syncDir fsyncs a directory so that the names created or renamed in it
// survive a crash.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
