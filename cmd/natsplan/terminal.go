package main

import (
	"io"
	"os"
)

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
