//go:build !unix || aix

package state

import (
	"errors"
	"os"
	"runtime"
)

// tryFlock is not implemented where flock(2) is missing; refusing is safer
// than running two applies on one state unguarded.
func tryFlock(*os.File) (bool, error) {
	return false, errors.New("state locking is not supported on " + runtime.GOOS)
}
