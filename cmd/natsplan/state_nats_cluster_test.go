package main

import (
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/fleet"
	"github.com/natsplan/natsplan/internal/natstest"
)

// On a three-server cluster with an R3 bucket, the stream leader steps
// down in the middle of an apply, and then its server shuts down: each
// apply completes or fails saying so, the bucket always holds a whole
// serial, and the next apply converges.
func TestNATSStateClusterLeaderChange(t *testing.T) {
	servers := natstest.StartJetStreamCluster(t, 3)
	stateURL := "-state=" + natstest.ClusterURL(servers) + "/natsplan"
	dir := t.TempDir()
	spec := fleet.Standard(100)
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve", "-state-replicas=3", stateURL)

	nc, err := nats.Connect(servers[0].ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	for round := 1; round <= 2; round++ {
		spec.Version = round
		spec.Accounts += 20
		if err := spec.WriteFile(dir); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			time.Sleep(150 * time.Millisecond)
			if round == 1 {
				nc.Request("$JS.API.STREAM.LEADER.STEPDOWN.KV_natsplan", nil, 5*time.Second)
				return
			}
			for _, s := range servers[1:] {
				if s.JetStreamIsStreamLeader("$G", "KV_natsplan") {
					s.Shutdown()
					return
				}
			}
		}()
		code, out, errs := natsplan(t, dir, "apply", "-auto-approve", stateURL)
		<-done
		t.Logf("round %d: apply exited %d: %s", round, code, strings.TrimSpace(errs))
		if code != exitOK && !strings.Contains(errs, "Error: ") {
			t.Fatalf("round %d: apply failed without saying why:\n%s%s", round, out, errs)
		}
		// Whatever happened, the bucket holds a whole, sound serial.
		waitFor(t, func() bool {
			c, _, _ := natsplan(t, dir, "validate", "-state="+strings.TrimPrefix(stateURL, "-state="))
			return c == exitOK
		})
		out = mustRun(t, exitOK, dir, "apply", "-auto-approve", "-lock-timeout=2m", stateURL)
		if out := mustRun(t, exitOK, dir, "plan", stateURL); !strings.Contains(out, "No changes.") {
			t.Fatalf("round %d: plan after converging:\n%s", round, out)
		}
		st := mustRun(t, exitOK, dir, "state", "pull", stateURL)
		if n := strings.Count(st, `"kind": "user"`); n != spec.Accounts*spec.Users {
			t.Fatalf("round %d: %d users in the state, want %d", round, n, spec.Accounts*spec.Users)
		}
	}
}

// waitFor retries cond for a while: a cluster elects a new leader in a
// few seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the bucket did not become readable and sound")
		}
	}
}
