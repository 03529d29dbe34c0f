package state

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func mustLock(t *testing.T, path, op string) *HeldLock {
	t.Helper()
	l, err := Lock(t.Context(), path, 0, op)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Unlock() })
	return l
}

// flock locks belong to open file descriptions, so a second Lock in the
// same process conflicts just as another process would.
func TestSecondLockFailsAndNamesHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	held := mustLock(t, path, "apply")
	if held.Stale != nil {
		t.Fatalf("fresh lock reports stale holder %+v", held.Stale)
	}
	_, err := Lock(t.Context(), path, 0, "plan")
	var le *LockedError
	if !errors.As(err, &le) || le.Holder == nil || le.Holder.ID != held.Info.ID {
		t.Fatalf("err = %v, want *LockedError naming %s", err, held.Info.ID)
	}
	for _, want := range []string{`"apply"`, "pid " + strconv.Itoa(os.Getpid()), "waited 0s", "force-unlock " + held.Info.ID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestWaiterGetsLockWhenReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	first := mustLock(t, path, "apply")
	released := make(chan time.Time, 1)
	go func() {
		time.Sleep(200 * time.Millisecond)
		released <- time.Now()
		first.Unlock()
	}()
	second, err := Lock(t.Context(), path, 5*time.Second, "apply")
	if err != nil {
		t.Fatal(err)
	}
	defer second.Unlock()
	if got := time.Now(); got.Before(<-released) {
		t.Fatal("second lock granted before the first was released")
	}
	if second.Stale != nil {
		t.Fatalf("clean unlock left a stale record %+v", second.Stale)
	}
}

func TestLockWaitEndsWithContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	mustLock(t, path, "apply")
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := Lock(ctx, path, time.Minute, "apply")
	var le *LockedError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &le) {
		t.Fatalf("err = %v", err)
	}
}

func TestUnlockRemovesFileAndIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	l := mustLock(t, path, "apply")
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + LockSuffix); !os.IsNotExist(err) {
		t.Fatalf("lock file still there after Unlock: %v", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatalf("second Unlock: %v", err)
	}
}

func TestLeftoverLockFileIsTakenAsStale(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	left := `{"id":"dead-beef","operation":"apply","pid":999999,"host":"gone","created":"2026-01-02T03:04:05Z"}`
	os.WriteFile(path+LockSuffix, []byte(left), 0o644)
	l := mustLock(t, path, "apply")
	if l.Stale == nil || l.Stale.ID != "dead-beef" || l.Stale.PID != 999999 {
		t.Fatalf("Stale = %+v", l.Stale)
	}
}

// TestLockHelperProcess is not a test: TestKilledHolderLeavesStaleLock runs
// it in a child process that takes the lock and waits to be killed.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv("NATSPLAN_LOCK_HELPER")
	if path == "" {
		t.Skip("helper process only")
	}
	l, err := Lock(context.Background(), path, 0, "apply")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("locked", l.Info.ID)
	select {}
}

// A holder killed with SIGKILL cannot unlock; the kernel releases its
// flock, and the next Lock succeeds and reports the dead holder.
func TestKilledHolderLeavesStaleLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "NATSPLAN_LOCK_HELPER="+path)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	id, ok := strings.CutPrefix(strings.TrimSpace(line), "locked ")
	if !ok {
		cmd.Process.Kill()
		t.Fatalf("helper said %q", line)
	}

	_, err := Lock(t.Context(), path, 0, "apply")
	if err == nil || !strings.Contains(err.Error(), "pid "+strconv.Itoa(cmd.Process.Pid)) {
		t.Fatalf("lock held by another process: err = %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()

	l := mustLock(t, path, "apply")
	if l.Stale == nil || l.Stale.ID != id || l.Stale.PID != cmd.Process.Pid {
		t.Fatalf("Stale = %+v, want the killed helper (id %s)", l.Stale, id)
	}
}
