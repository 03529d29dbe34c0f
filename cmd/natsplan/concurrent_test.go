package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/fleet"
)

// TestConcurrentApplies starts applies on one state while another apply of
// a large change holds its lock, in separate processes: the one that may
// not wait fails at once and names the holder, the one that may wait says
// so, waits, and then finds nothing left to do. Exactly one of them writes
// the state, and the state is whole.
func TestConcurrentApplies(t *testing.T) {
	bin := buildNatsplan(t)
	dir := t.TempDir()
	spec := fleet.Standard(100)
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	bin.must(exitOK, dir, "apply", "-auto-approve")
	spec.Accounts = 400 // 3,300 new keys: the first apply holds the lock a while
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}

	first := bin.command(dir, "apply", "-auto-approve")
	var firstOut bytes.Buffer
	first.Stdout = &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitForLock(t, filepath.Join(dir, defaultStatePath+".lock"))
	code, _, errs := bin.run(dir, "apply", "-auto-approve")
	if code != exitError || !contains(errs, `state is locked by "apply" (pid `) || !contains(errs, "natsplan force-unlock ") {
		t.Fatalf("apply without -lock-timeout during another apply: exit %d\n%s", code, errs)
	}
	out, errs := bin.must(exitOK, dir, "apply", "-auto-approve", "-lock-timeout=2m")
	if err := first.Wait(); err != nil {
		t.Fatalf("the first apply: %v\n%s", err, tail(firstOut.String()))
	}
	if !contains(errs, "Waiting up to 2m0s for the state lock, held by \"apply\"") || out != "No changes. The configuration matches the state.\n" {
		t.Fatalf("waiting apply:\nstdout: %s\nstderr: %s", tail(out), errs)
	}
	if !contains(firstOut.String(), "State serial: 2.") {
		t.Fatalf("the first apply:\n%s", tail(firstOut.String()))
	}
	if st := readState(t, dir); st.Serial != 2 || len(st.Resources) != spec.Entities() {
		t.Fatalf("state serial %d with %d resources, want serial 2 and %d", st.Serial, len(st.Resources), spec.Entities())
	}
}

// waitForLock waits until a lock record appears at path: the apply
// started has the lock.
func waitForLock(t *testing.T, path string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no lock record at %s after 30s", path)
}
