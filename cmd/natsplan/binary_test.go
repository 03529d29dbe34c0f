package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the natsplan command built as a program. The crash and
// concurrency tests run it in processes of their own, because what they
// test is what happens to a process that is killed or that races another.
type binary struct {
	t    *testing.T
	path string
}

// buildNatsplan builds cmd/natsplan into the test's temporary directory
// (the build cache makes this a link step).
func buildNatsplan(t *testing.T) *binary {
	t.Helper()
	path := filepath.Join(t.TempDir(), "natsplan")
	if out, err := exec.Command(goTool(), "build", "-o", path, ".").CombinedOutput(); err != nil {
		t.Fatalf("building natsplan: %v\n%s", err, out)
	}
	return &binary{t: t, path: path}
}

// goTool finds the go command that is running these tests.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(os.Getenv("GOROOT"), "bin", "go")
}

// command prepares a run in dir, with no NATSPLAN_* settings from the
// environment of the test.
func (b *binary) command(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(b.path, append([]string{"-chdir=" + dir}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NATSPLAN_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	return cmd
}

// run runs to completion and returns the exit code and output.
func (b *binary) run(dir string, args ...string) (code int, stdout, stderr string) {
	b.t.Helper()
	cmd := b.command(dir, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	} else if err != nil {
		b.t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// must runs and fails the test unless the exit code is want.
func (b *binary) must(want int, dir string, args ...string) (stdout, stderr string) {
	b.t.Helper()
	code, out, errs := b.run(dir, args...)
	if code != want {
		b.t.Fatalf("natsplan %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, tail(out), errs)
	}
	return out, errs
}

// tail keeps the end of a long output, which is where apply says how it
// ended.
func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}
