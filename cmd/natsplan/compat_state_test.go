//go:build compat

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestCompatStateOnNATS: the JetStream state backend needs nats-server
// 2.11 (per-key TTL for the lock). On each binary of
// NATSPLAN_COMPAT_SERVERS older than that, apply must refuse before it
// writes anything (no bucket made, no key made) and say which version
// it needs, while plan still reads; on 2.11 and later the whole cycle
// works: apply, plan "No changes", history.
func TestCompatStateOnNATS(t *testing.T) {
	for _, bin := range compatBinaries(t) {
		t.Run(filepath.Base(filepath.Dir(bin)), func(t *testing.T) { compatState(t, bin) })
	}
}

func compatState(t *testing.T, bin string) {
	url := runBinary(t, bin, "-js", "-sd", t.TempDir())
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), paymentsConfig)
	stateFlag := "-state=" + url + "/natsplan"
	if out := mustRun(t, exitOK, dir, "plan", stateFlag); !strings.Contains(out, "to add") {
		t.Fatalf("plan against %s:\n%s", bin, out)
	}
	code, out, errs := natsplan(t, dir, "apply", "-auto-approve", stateFlag)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	version := nc.ConnectedServerVersion()
	if strings.HasPrefix(version, "2.10.") {
		if code != exitError || !strings.Contains(errs, "needs 2.11 or later") || !strings.Contains(errs, "Nothing was written") {
			t.Fatalf("apply on nats-server %s: exit %d\n%s%s", version, code, out, errs)
		}
		js, _ := jetstream.New(nc)
		if _, err := js.KeyValue(context.Background(), "natsplan"); !errors.Is(err, jetstream.ErrBucketNotFound) {
			t.Errorf("the refused apply left a bucket on nats-server %s: %v", version, err)
		}
		if _, err := os.Stat(filepath.Join(dir, defaultKeystore)); err == nil {
			t.Errorf("the refused apply on nats-server %s made keys", version)
		}
		return
	}
	if code != exitOK {
		t.Fatalf("apply on nats-server %s: exit %d\n%s%s", version, code, out, errs)
	}
	if out := mustRun(t, exitOK, dir, "plan", stateFlag); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply on nats-server %s:\n%s", version, out)
	}
	if out := mustRun(t, exitOK, dir, "state", "history", stateFlag); !historyHasSerial(out, 1) {
		t.Fatalf("state history on nats-server %s:\n%s", version, out)
	}
}
