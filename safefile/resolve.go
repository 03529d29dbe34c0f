package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxLinks bounds how many symbolic links Resolve follows, as the kernel
// does (ELOOP), so a loop of links ends in an error.
const maxLinks = 40

// Resolve returns the absolute path that writing to p would write: every
// symbolic link on the way followed, including a last one that points to
// a file not created yet (writing through it would create that file).
// Parts of the path that do not exist yet are kept as they are.
func Resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return resolve(abs, 0)
}

func resolve(p string, links int) (string, error) {
	if links > maxLinks {
		return "", fmt.Errorf("%s: too many levels of symbolic links", p)
	}
	real, err := filepath.EvalSymlinks(p)
	if err == nil {
		return real, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	// p, or one of its parents, does not exist, or p is a link to a
	// missing file: resolve the parent and look at the last name there.
	parent, err := resolve(filepath.Dir(p), links)
	if err != nil {
		return "", err
	}
	p = filepath.Join(parent, filepath.Base(p))
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return p, nil
	}
	target, err := os.Readlink(p)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(parent, target)
	}
	return resolve(target, links+1)
}

// inside reports whether path is dir or lies below it; both are resolved.
func inside(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !startsWithParent(rel) && !filepath.IsAbs(rel)
}

func startsWithParent(rel string) bool {
	return len(rel) >= 3 && rel[:2] == ".." && os.IsPathSeparator(rel[2])
}
