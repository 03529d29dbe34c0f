package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/natstest"
)

const unmanagedConfig = `operator "Test" {
  system_account = account.SYS
}

account "SYS" {}

account "A" {
  user "u" {}
}

account "B" {}
`

// TestDriftShowsUnmanagedAccounts: a resolver that holds accounts the state
// does not manage has drifted, even when every account of the state is
// there with its claims. plan -refresh-only -detailed-exitcode exits 2 and
// names each: B, which this operator signed and which was removed from the
// config (push deletes it), and an account of another operator (push
// leaves it alone). Plain plan -server counts the drift too.
func TestDriftShowsUnmanagedAccounts(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), unmanagedConfig)
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+t.TempDir()))
	flag := "-server=" + srv.ClientURL()
	mustRun(t, exitOK, dir, "push", flag)
	if out := mustRun(t, exitOK, dir, "plan", "-refresh-only", "-detailed-exitcode", flag); !strings.Contains(out, "No drift.") {
		t.Fatalf("drift right after the push:\n%s", out)
	}

	b := readState(t, dir).Get("account.B").PublicKey
	editConfig(t, dir, `account "B" {}`, "")
	mustRun(t, exitOK, dir, "apply", "-auto-approve") // no push: B stays on the server
	foreign, foreignOp := pushForeignAccount(t, dir, srv.ClientURL())

	ours := fmt.Sprintf(`# account %s ("B") is on %s: signed by this operator but not in the state; push deletes it`, b, srv.Name())
	theirs := fmt.Sprintf(`# account %s ("Foreign") is on %s: signed by %s, not managed by natsplan; push leaves it alone`, foreign, srv.Name(), foreignOp)
	out := mustRun(t, exitChanges, dir, "plan", "-refresh-only", "-detailed-exitcode", flag)
	for _, want := range []string{ours, theirs, "Drift: 0 missing, 0 changed, 2 not in the state."} {
		if !strings.Contains(out, want) {
			t.Errorf("drift does not say %q:\n%s", want, out)
		}
	}
	checkUnmanagedJSON(t, dir, flag, b, foreign)
	out = mustRun(t, exitChanges, dir, "plan", "-detailed-exitcode", flag)
	if !strings.Contains(out, ours) || !strings.Contains(out, "No changes.") {
		t.Errorf("plan -server does not show the drift above an empty plan:\n%s", out)
	}

	mustRun(t, exitOK, dir, "push", flag)
	out = mustRun(t, exitChanges, dir, "plan", "-refresh-only", "-detailed-exitcode", flag)
	if strings.Contains(out, b) || !strings.Contains(out, theirs) || !strings.Contains(out, "Drift: 0 missing, 0 changed, 1 not in the state.") {
		t.Errorf("after the push, only the other operator's account should be drift:\n%s", out)
	}
	if out := mustRun(t, exitOK, dir, "plan", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan at the end is not empty:\n%s", out)
	}
}

// pushForeignAccount signs an account with an operator natsplan does not
// know and sends it to the server's resolver as the system account, the
// way another tool sharing the servers would. It returns the account's
// key and the operator's.
func pushForeignAccount(t *testing.T, dir, url string) (account, operator string) {
	t.Helper()
	op, err := nkeys.CreateOperator()
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	operator, _ = op.PublicKey()
	account, _ = kp.PublicKey()
	ac := jwt.NewAccountClaims(account)
	ac.Name = "Foreign"
	token, err := ac.Encode(op)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := sysConn(t, dir, url).Request("$SYS.REQ.CLAIMS.UPDATE", []byte(token), 10*time.Second)
	if err != nil {
		t.Fatalf("pushing the foreign account: %v", err)
	}
	if !strings.Contains(string(msg.Data), "jwt updated") {
		t.Fatalf("the resolver did not take the foreign account: %s", msg.Data)
	}
	return account, operator
}

// checkUnmanagedJSON checks that plan -refresh-only -json reports drift
// and lists both unmanaged accounts, telling ours from theirs.
func checkUnmanagedJSON(t *testing.T, dir, flag, ours, theirs string) {
	t.Helper()
	var d struct {
		Drift     bool `json:"drift"`
		Unmanaged []struct {
			PublicKey string `json:"public_key"`
			Ours      bool   `json:"ours"`
		} `json:"unmanaged"`
	}
	out := mustRun(t, exitChanges, dir, "plan", "-refresh-only", "-json", "-detailed-exitcode", flag)
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("plan -refresh-only -json: %v\n%s", err, out)
	}
	got := map[string]bool{}
	for _, u := range d.Unmanaged {
		got[u.PublicKey] = u.Ours
	}
	if !d.Drift || len(got) != 2 || got[ours] != true || got[theirs] != false {
		t.Errorf("drift JSON does not list %s (ours) and %s (theirs) as unmanaged:\n%s", ours, theirs, out)
	}
}
