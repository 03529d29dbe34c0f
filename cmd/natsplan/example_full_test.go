package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/natstest"
)

// TestFullExample applies examples/full, checks that a second plan is
// empty and that the partner's token was written, and connects as a team
// developer (a user of a for_each account, itself made with for_each)
// through a server loaded with the result.
func TestFullExample(t *testing.T) {
	dir := workdir(t, "full")
	mustRun(t, exitOK, dir, "validate")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "partner.jwt")); err != nil {
		t.Fatalf("the partner's token was not written: %v", err)
	}
	creds := filepath.Join(dir, "alice.creds")
	mustRun(t, exitOK, dir, "creds", `team["payments"]`, `dev["alice"]`, "-o", creds)
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config"))
	nc, err := nats.Connect(srv.ClientURL(), nats.UserCredentials(creds))
	if err != nil {
		t.Fatalf("alice cannot connect: %v", err)
	}
	nc.Close()
}
