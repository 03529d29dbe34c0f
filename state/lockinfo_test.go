package state

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestForceUnlockNeedsTheRightID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	l := mustLock(t, path, "apply")
	err := ForceUnlock(path, "wrong-id")
	if err == nil || !strings.Contains(err.Error(), l.Info.ID) {
		t.Fatalf("ForceUnlock(wrong id) = %v, want an error quoting %s", err, l.Info.ID)
	}
	if err := ForceUnlock(path, l.Info.ID); err != nil {
		t.Fatal(err)
	}
	// The (hung) old holder no longer blocks anyone, and its late Unlock
	// must not remove the new holder's lock file.
	next := mustLock(t, path, "apply")
	l.Unlock()
	if _, err := Lock(t.Context(), path, 0, "plan"); !errors.As(err, new(*LockedError)) {
		t.Fatalf("old holder's Unlock released the new lock: %v", err)
	}
	next.Unlock()
	if err := ForceUnlock(path, "x"); err == nil || !strings.Contains(err.Error(), "not locked") {
		t.Fatalf("ForceUnlock with no lock = %v", err)
	}
}

// A holder caught between taking the flock and writing its record still
// gives a message that says what to do.
func TestLockedErrorWithoutRecord(t *testing.T) {
	e := &LockedError{Path: "/x/natsplan.state.lock", Waited: 1500 * time.Millisecond}
	if msg := e.Error(); !strings.Contains(msg, "waited 1.5s") || !strings.Contains(msg, "-lock-timeout") {
		t.Fatalf("message %q", msg)
	}
}
