//go:build compat

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	bins := strings.Split(os.Getenv("NATSPLAN_COMPAT_SERVERS"), ",")
	if bins[0] == "" {
		t.Fatal("NATSPLAN_COMPAT_SERVERS names no nats-server binary: run make compat")
	}
	for _, bin := range bins {
		t.Run(filepath.Base(filepath.Dir(bin)), func(t *testing.T) { compatState(t, bin) })
	}
}

func compatState(t *testing.T, bin string) {
	url := startJetStreamBinary(t, bin)
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

// startJetStreamBinary runs the nats-server binary with JetStream on
// 127.0.0.1 and a free port until the test ends.
func startJetStreamBinary(t *testing.T, bin string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "-js", "-sd", t.TempDir(), "-a", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if nc, err := nats.Connect(url); err == nil {
			nc.Close()
			return url
		}
	}
	t.Fatalf("%s did not listen on %s", bin, url)
	return ""
}

// historyHasSerial reports whether state history's table lists serial.
func historyHasSerial(out string, serial int) bool {
	return strings.Contains(out, fmt.Sprintf("\n%-7d ", serial))
}
