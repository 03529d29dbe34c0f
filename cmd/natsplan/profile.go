package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile to the file NATSPLAN_CPUPROFILE names,
// if it is set: how natsplan's own speed is studied on a real fleet
// (`go tool pprof bin/natsplan FILE`). The returned func stops it.
func startProfile(stderr io.Writer) func() {
	path := os.Getenv("NATSPLAN_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "natsplan: NATSPLAN_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
