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
