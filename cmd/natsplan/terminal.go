package main

import (
	"io"
	"os"
)

// isTerminal reports whether w is a character device, so colour is used
// only where a person reads it.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// colorOn reports whether output to w may be coloured: never when
// NO_COLOR is set (to any value, no-color.org) or TERM is dumb, as
// -no-color; always when CLICOLOR_FORCE is set (for a terminal emulator
// natsplan cannot see, and for tests); else on a terminal only.
func colorOn(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	if v := os.Getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	return isTerminal(w)
}
