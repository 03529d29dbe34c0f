//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package main

import (
	"io"
	"os"
)

// isTerminal reports whether w is a character device: where natsplan
// cannot ask a terminal driver, the closest it can tell.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
