package main

import (
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/flows"
	"github.com/natsplan/natsplan/internal/natstest"
)

// -replace of an account on a real nats-server: the importer AccountC,
// whose key the grant's subject embeds, and the exporter TestAccount get
// new keys; their users are re-signed, the imports follow, the old
// accounts are deleted from the resolver on push, and the importer is
// still served.
func TestReplaceAccountKey(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+t.TempDir()))
	at := "-server=" + srv.ClientURL()
	mustRun(t, exitOK, dir, "push", at)
	old := readState(t, dir)
	oldCreds := writeCreds(t, dir, "AccountC/userc")
	copyFile(t, oldCreds("AccountC", "userc"), dir+"/old.creds")
	flags := []string{"-replace=account.AccountC", "-replace=account.TestAccount"}
	out := mustRun(t, exitOK, dir, append([]string{"plan"}, flags...)...)
	for _, want := range []string{
		"# account.AccountC must be replaced: forces a new key (-replace)",
		"# account.TestAccount must be replaced: forces a new key (-replace)",
		"push deletes the old account from the resolvers",
		"(re-signed: its account gets a new key (-replace=account.AccountC))",
		"(re-signed: it imports from account.TestAccount, which gets a new key (-replace))",
		`~ subject = "help.` + old.Get("account.AccountC").PublicKey + `" -> "help.(known after apply)"`,
		"Plan: 2 to add, 4 to change, 2 to destroy.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan does not say %q:\n%s", want, out)
		}
	}
	mustRun(t, exitOK, dir, append([]string{"apply", "-auto-approve"}, flags...)...)
	now := readState(t, dir)
	for _, a := range []string{"account.AccountC", "account.TestAccount"} {
		if now.Get(a).PublicKey == old.Get(a).PublicKey {
			t.Fatalf("%s kept its key", a)
		}
	}
	out = mustRun(t, exitOK, dir, "push", at)
	for _, a := range []string{"account.AccountC", "account.TestAccount"} {
		if !strings.Contains(out, "account "+old.Get(a).PublicKey) || !strings.Contains(out, "2 deleted") {
			t.Errorf("push does not delete the old %s:\n%s", a, out)
		}
	}
	if err := flows.Connect(srv.ClientURL(), dir+"/old.creds"); err == nil {
		t.Error("userc's creds from before the replacement still connect")
	}
	creds := writeCreds(t, dir, "TestAccount/TestUser", "AccountB/userb", "AccountC/userc")
	results, err := flows.Services(srv.ClientURL(), creds, now.Get("account.AccountC").PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if !r.OK {
			t.Errorf("%s: %s", r.Name, r.Detail)
		}
	}
	if out := mustRun(t, exitOK, dir, "plan", at); !strings.Contains(out, "No changes.") || !strings.Contains(out, "No drift") {
		t.Fatalf("plan after the replacement is not clean:\n%s", out)
	}
}
