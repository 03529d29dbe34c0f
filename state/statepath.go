package state

// What a state path may name. The state is one regular file; a path that
// names a directory gets a message that says so (not a read error or a
// "corrupt" file), and a path that is a symbolic link is written through:
// the file it points to is replaced atomically, its backup kept beside it,
// and the link stays (replacing it with a regular file would silently
// split the state in two). The lock stays beside the path as given.

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/natsplan/natsplan/safefile"
)

// dirError is the error for a state path that names a directory.
func dirError(path string) error {
	return fmt.Errorf("state %s is a directory, not a state file; -state (or NATSPLAN_STATE) names the file natsplan keeps the state in", path)
}

// checkNotDir returns dirError when path names a directory.
func checkNotDir(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return dirError(path)
	}
	return nil
}

// writeTarget returns the file that writing the state at path replaces:
// path itself, or the file a symbolic link there leads to (which may not
// exist yet).
func writeTarget(path string) (string, error) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return path, nil
	}
	target, err := safefile.Resolve(path)
	if err != nil {
		return "", fmt.Errorf("state %s is a symbolic link that cannot be followed: %w", path, err)
	}
	return target, nil
}
