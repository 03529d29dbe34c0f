package main

import (
	"context"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/natsplan/natsplan/state"
)

// heldLocks are the state locks scripts hold with holdlock, by script.
var heldLocks sync.Map // *testscript.TestScript -> *state.HeldLock

// cmdHoldLock is the testscript command `holdlock STATEFILE`: the test
// process takes the state's lock, as another natsplan run would, and holds
// it until `releaselock` or the end of the script. The lock's id is put in
// $LOCKID, for force-unlock.
func cmdHoldLock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdlock STATEFILE")
	}
	l, err := state.Lock(context.Background(), ts.MkAbs(args[0]), 0, "test-holder")
	ts.Check(err)
	heldLocks.Store(ts, l)
	ts.Setenv("LOCKID", l.Info.ID)
	ts.Defer(func() { l.Unlock() })
}

// cmdReleaseLock is `releaselock [DELAY]`: the holder finishes and
// unlocks, at once or, in the background, after DELAY (so that a natsplan
// started next finds the lock held and has to wait for it).
func cmdReleaseLock(ts *testscript.TestScript, neg bool, args []string) {
	l, ok := heldLocks.LoadAndDelete(ts)
	if neg || !ok || len(args) > 1 {
		ts.Fatalf("usage: releaselock [DELAY] (after holdlock)")
	}
	if len(args) == 0 {
		ts.Check(l.(*state.HeldLock).Unlock())
		return
	}
	delay, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.AfterFunc(delay, func() { l.(*state.HeldLock).Unlock() })
}
