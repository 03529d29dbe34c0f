package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/state"
)

// e2eWait bounds the wait for something a test expects to arrive from a
// server (a reply, a message, an error): generous, since the machine may
// be busy, yet bounded, so that a test fails rather than hangs. A wait
// for something that must not arrive stays short: it passes when it ends.
const e2eWait = 5 * time.Second

// natsplan runs the CLI in-process in dir and returns its exit code and
// output, as a user would see them.
func natsplan(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"-chdir=" + dir}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// mustRun runs the CLI and fails the test unless it exits with want.
func mustRun(t *testing.T, want int, dir string, args ...string) string {
	t.Helper()
	code, out, errs := natsplan(t, dir, args...)
	if code != want {
		t.Fatalf("natsplan %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out, errs)
	}
	return out
}

// workdir makes a directory holding the given example's config files.
func workdir(t *testing.T, example string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", example, "*.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no config in examples/%s: %v", example, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, filepath.Base(f)), string(b))
	}
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editConfig replaces old with new in dir/main.hcl, failing if old is absent.
func editConfig(t *testing.T, dir, old, new string) {
	t.Helper()
	path := filepath.Join(dir, "main.hcl")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("main.hcl does not contain %q", old)
	}
	writeFile(t, path, strings.Replace(string(b), old, new, 1))
}

func readState(t *testing.T, dir string) *state.State {
	t.Helper()
	st, err := state.Read(filepath.Join(dir, defaultStatePath))
	if err != nil {
		t.Fatal(err)
	}
	return st
}
