package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/flows"
)

// TestServe runs `natsplan serve` on a free port, checks the page's flows
// work against it, removes a user and applies with -push: the running
// server refuses that user without a restart. Interrupting serve stops it
// cleanly.
func TestServe(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")

	var out, errs bytes.Buffer
	c := &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errs, dir: dir}
	ws := c.workspace(c.flags("serve"))
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	ready, done := make(chan string, 1), make(chan int, 1)
	go func() { done <- ws.serve(ctx, "127.0.0.1:0", "", func(url string) { ready <- url }) }()
	var url string
	select {
	case url = <-ready:
	case code := <-done:
		t.Fatalf("serve exited %d:\n%s%s", code, out.String(), errs.String())
	}

	creds := writeCreds(t, dir, "TestAccount/TestUser", "AccountB/userb", "AccountC/userc")
	results, err := flows.Services(url, creds, readState(t, dir).Get("account.AccountC").PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if !r.OK {
			t.Errorf("%s: %s", r.Name, r.Detail)
		}
	}

	// Removing userb changes AccountB's JWT (it now revokes userb); once
	// pushed, the running server refuses userb.
	editConfig(t, dir, `user "userb" {}`, "")
	mustRun(t, exitOK, dir, "apply", "-auto-approve", "-push", "-server="+url)
	if err := flows.Connect(url, creds("AccountB", "userb")); err == nil || !strings.Contains(err.Error(), "Authorization Violation") {
		t.Errorf("userb after apply -push of its removal: got %v, want an authorization violation", err)
	}
	mustRun(t, exitOK, dir, "plan", "-refresh-only", "-detailed-exitcode", "-server="+url)

	stop()
	if code := <-done; code != exitOK {
		t.Errorf("serve exited %d after the interrupt", code)
	}
	for _, want := range []string{"in operator mode at " + url, "natsplan creds ", "natsplan apply -push -server=" + url, "Stopping the server."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve output lacks %q:\n%s", want, out.String())
		}
	}
}
