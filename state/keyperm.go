package state

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// checkPrivate refuses path if group or others have any access to it. A
// missing path is fine when missingOK (it will be created private).
func checkPrivate(path, root string, missingOK bool) error {
	fi, err := os.Stat(path)
	if missingOK && errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	return privateMode(path, root, fi)
}

// privateMode is the mode test on an already stat'ed file, so Get can
// check the very file it opened.
func privateMode(path, root string, fi fs.FileInfo) error {
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("keystore: %s has mode %04o, so group or others can access it; seeds must be private to their owner. Fix with: chmod -R go-rwx %s",
			path, perm, shellQuote(root))
	}
	return nil
}

// openPrivate opens a key file for reading after checking, on the opened
// file rather than on its name, that only its owner can access it: the
// file checked is the file read. label says which key, for errors.
func openPrivate(path, root, label string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("keystore: %s: %w", label, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("keystore: %s: %w", label, err)
	}
	if err := privateMode(path, root, fi); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
