package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// build compiles natsplan to path.
func build(path string) (string, error) {
	out, err := exec.Command("go", "build", "-o", path, "./cmd/natsplan").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building natsplan: %v\n%s", err, out)
	}
	return path, nil
}

// result is one natsplan run: its output, wall time and peak memory.
type result struct {
	stdout  string
	elapsed time.Duration
	peakRSS int64 // bytes
}

// natsplan runs the binary in dir and fails unless it exits 0.
func natsplan(bin, dir string, args ...string) (result, error) {
	cmd := exec.Command(bin, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(os.Environ(), "NATSPLAN_STATE=", "NATSPLAN_KEYSTORE=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), elapsed: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	if err != nil {
		return r, fmt.Errorf("natsplan %v: %v\n%s", args, err, errb.String())
	}
	return r, nil
}

// best runs natsplan n times and keeps the fastest run: the others were
// slowed by something else on the machine.
func best(n int, bin, dir string, args ...string) (result, error) {
	var b result
	for i := range n {
		r, err := natsplan(bin, dir, args...)
		if err != nil {
			return r, err
		}
		if i == 0 || r.elapsed < b.elapsed {
			b = r
		}
	}
	return b, nil
}
