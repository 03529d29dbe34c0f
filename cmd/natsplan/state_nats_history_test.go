package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/fleet"
	"github.com/natsplan/natsplan/state"
)

// -state-history outside 1..64 (the most JetStream KV keeps of a key) is
// refused before anything is written: the bucket is not even created.
func TestNATSStateHistoryOutOfRangeIsRefused(t *testing.T) {
	url := jetStreamURL(t, "")
	dir := t.TempDir()
	if err := (fleet.Spec{Accounts: 6, Users: 1, Imports: 5}).WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	stateURL := "-state=" + url + "/natsplan"
	for _, n := range []string{"0", "65", "-3"} {
		code, out, errs := natsplan(t, dir, "apply", "-auto-approve", "-state-history="+n, stateURL)
		if code != exitError || !strings.Contains(errs, "1 to 64 serials") || !strings.Contains(errs, "at most 64 revisions") {
			t.Fatalf("-state-history=%s: exit %d\nstdout:\n%s\nstderr:\n%s", n, code, out, errs)
		}
	}
	t.Setenv("NATSPLAN_STATE_HISTORY", "lots")
	code, _, errs := natsplan(t, dir, "apply", "-auto-approve", stateURL)
	if code != exitError || !strings.Contains(errs, "NATSPLAN_STATE_HISTORY") {
		t.Fatalf("NATSPLAN_STATE_HISTORY=lots: exit %d\n%s", code, errs)
	}
	t.Setenv("NATSPLAN_STATE_HISTORY", "")
	if out := mustRun(t, exitOK, dir, "state", "history", stateURL); !strings.Contains(out, "no serial yet") {
		t.Fatalf("the refusals wrote something:\n%s", out)
	}
}

// A bucket made with -state-history=N (here from NATSPLAN_STATE_HISTORY)
// keeps the last N serials: state history lists them and says so, state
// pull -serial reads each, an older one is refused naming the count; and
// records no kept head names are removed, so that a long series of
// applies does not grow the bucket without bound.
func TestNATSStateHistoryKeepsNSerialsAndOldRecordsGo(t *testing.T) {
	const kept, applies = 3, 12
	url := jetStreamURL(t, "")
	stateURL := "-state=" + url + "/natsplan"
	t.Setenv("NATSPLAN_STATE_HISTORY", fmt.Sprint(kept))
	dir := t.TempDir()
	spec := fleet.Spec{Accounts: 30, Users: 2, Imports: 5}
	var keys, msgs []int
	for v := range applies {
		spec.Version = v // account 0's service subject: new JWTs for it and its importers each time
		if err := spec.WriteFile(dir); err != nil {
			t.Fatal(err)
		}
		mustRun(t, exitOK, dir, "apply", "-auto-approve", stateURL)
		ks, err := kvOf(t, url, "natsplan").Keys(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, len(ks))
		status, err := kvOf(t, url, "natsplan").Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, int(status.Values()))
	}
	if out := mustRun(t, exitOK, dir, "plan", stateURL); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the applies:\n%s", out)
	}
	// Each apply adds a few JWTs and a shard; once the history is full,
	// as many go as come: the key count stops growing.
	t.Logf("keys after each apply: %v; messages: %v", keys, msgs)
	if last, full := keys[applies-1], keys[kept+1]; last > full {
		t.Fatalf("the bucket grows without bound: keys after each apply %v", keys)
	}
	if last, full := msgs[applies-1], msgs[kept+1]; last > full {
		t.Fatalf("the bucket's stream grows without bound: messages after each apply %v", msgs)
	}

	status, err := kvOf(t, url, "natsplan").Status(context.Background())
	if err != nil || status.History() != kept {
		t.Fatalf("bucket history %d, %v; want %d", status.History(), err, kept)
	}
	out := mustRun(t, exitOK, dir, "state", "history", stateURL)
	if !strings.Contains(out, fmt.Sprintf("keeps the last %d serials", kept)) {
		t.Fatalf("state history does not say what is kept:\n%s", out)
	}
	for s := applies - kept + 1; s <= applies; s++ {
		if !historyHasSerial(out, s) {
			t.Fatalf("state history does not list serial %d:\n%s", s, out)
		}
		pulled := mustRun(t, exitOK, dir, "state", "pull", fmt.Sprintf("-serial=%d", s), stateURL)
		f := filepath.Join(t.TempDir(), "pulled.json")
		if err := os.WriteFile(f, []byte(pulled), 0o600); err != nil {
			t.Fatal(err)
		}
		st, err := state.Read(f)
		if err != nil || st.Serial != uint64(s) || len(st.Resources) == 0 {
			t.Fatalf("state pull -serial=%d: %v\n%.500s", s, err, pulled)
		}
		for addr, r := range st.Resources {
			if r.JWT == "" {
				t.Fatalf("serial %d: %s has no JWT", s, addr)
			}
		}
	}
	old := applies - kept
	code, _, errs := natsplan(t, dir, "state", "pull", fmt.Sprintf("-serial=%d", old), stateURL)
	if code != exitError || !strings.Contains(errs, fmt.Sprintf("does not keep serial %d (it keeps the last %d serials", old, kept)) {
		t.Fatalf("pull of serial %d: exit %d\n%s", old, code, errs)
	}
}

// A state user who may write the bucket but not purge its stream still
// applies: the commit stands, the old records stay, and a warning says
// so at once (the refused purge does not wait for a timeout).
func TestNATSStateOldRecordsKeptWhenPurgeIsDenied(t *testing.T) {
	url := jetStreamURL(t, `
accounts {
  A {
    jetstream: enabled
    users: [
      {user: nopurge, password: npass, permissions: {publish: {deny: ["$JS.API.STREAM.PURGE.>"]}}}
    ]
  }
}`)
	stateURL := "-state=nats://nopurge:npass@" + strings.TrimPrefix(url, "nats://") + "/natsplan"
	dir := t.TempDir()
	spec := fleet.Spec{Accounts: 6, Users: 1, Imports: 5}
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve", "-state-history=1", stateURL)
	spec.Version = 1
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, out, errs := natsplan(t, dir, "apply", "-auto-approve", stateURL)
	if code != exitOK || !strings.Contains(out, "Apply complete") || !strings.Contains(errs, "Warning: removing old records") || !strings.Contains(errs, "serial 2 is committed") {
		t.Fatalf("apply without purge permission: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(errs, "npass") {
		t.Fatalf("the password was printed:\n%s", errs)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the apply took %s; the refused purge should end at once", took)
	}
	if out := mustRun(t, exitOK, dir, "plan", stateURL); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the apply:\n%s", out)
	}
}

// historyHasSerial reports whether state history's table lists serial.
func historyHasSerial(out string, serial int) bool {
	return strings.Contains(out, fmt.Sprintf("\n%-7d ", serial))
}
