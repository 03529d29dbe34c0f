package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/flows"
	"github.com/natsplan/natsplan/internal/natstest"
)

// TestServicesPageEndToEnd applies examples/services, loads the result into
// a real nats-server and runs the page's flows with the creds natsplan
// wrote: the allowed requests get replies, the forbidden ones are refused.
// Then it removes userb from the config and checks the server refuses it.
func TestServicesPageEndToEnd(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
	creds := writeCreds(t, dir, "TestAccount/TestUser", "AccountB/userb", "AccountC/userc")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config"))
	accountC := readState(t, dir).Get("account.AccountC").PublicKey

	results, err := flows.Services(srv.ClientURL(), creds, accountC)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 4 {
		t.Fatalf("ran %d flows, want 4", len(results))
	}
	for _, r := range results {
		t.Logf("%s: %s", r.Name, r.Detail)
		if !r.OK {
			t.Errorf("%s: %s", r.Name, r.Detail)
		}
	}

	editConfig(t, dir, `user "userb" {}`, "")
	out := mustRun(t, exitOK, dir, "plan")
	for _, want := range []string{"account.AccountB.user.userb will be destroyed and revoked", "+ revoke user AccountB.user.userb", "Plan: 0 to add, 1 to change, 1 to destroy."} {
		if !strings.Contains(out, want) {
			t.Errorf("plan does not say %q:\n%s", want, out)
		}
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after removing userb is not empty:\n%s", out)
	}
	srv2 := natstest.Start(t, mustRun(t, exitOK, dir, "server-config"))
	err = flows.Connect(srv2.ClientURL(), creds("AccountB", "userb"))
	if err == nil || !strings.Contains(err.Error(), "Authorization Violation") {
		t.Fatalf("userb after removal: got %v, want an authorization violation", err)
	}
	if err := flows.Connect(srv2.ClientURL(), creds("AccountC", "userc")); err != nil {
		t.Fatalf("userc was refused after removing userb: %v", err)
	}
}

// writeCreds writes creds files for "Account/user" pairs and returns a
// lookup for them.
func writeCreds(t *testing.T, dir string, users ...string) flows.Creds {
	t.Helper()
	for _, u := range users {
		acct, user, _ := strings.Cut(u, "/")
		mustRun(t, exitOK, dir, "creds", acct, user, "-o", filepath.Join(dir, acct+"."+user+".creds"))
	}
	return func(acct, user string) string { return filepath.Join(dir, acct+"."+user+".creds") }
}
