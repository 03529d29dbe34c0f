package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/natstest"
)

// strictConfig is an operator with strict signing key usage: its own key
// may not sign accounts, and accounts' own keys may not sign users.
const strictConfig = `operator "Strict" {
  system_account           = account.SYS
  strict_signing_key_usage = true
  signing_key "accounts" {}
}

account "SYS" {
  signing_key "users" {}
}

account "A" {
  signing_key "users" {}
  user "u" {}
}

account "Gone" {
  signing_key "users" {}
}
`

// Under strict signing key usage, push must authenticate with a system
// user signed by a signing key of the system account, and delete accounts
// with a request signed by an operator signing key: the servers accept
// neither from the identity keys. Both work, and a plan after each step
// finds no drift and no changes.
func TestPushStrictSigningKeys(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), strictConfig)
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	conf := mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+t.TempDir())
	// The full resolver preloads the system account only: A and Gone reach
	// it by push.
	srv := natstest.Start(t, conf)
	flag := "-server=" + srv.ClientURL()

	out := mustRun(t, exitOK, dir, "push", flag)
	if !strings.Contains(out, "account.A") || !strings.Contains(out, "account.Gone") {
		t.Fatalf("push did not send A and Gone:\n%s", out)
	}
	if out := mustRun(t, exitOK, dir, "plan", flag); !strings.Contains(out, "No drift.") || !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after push:\n%s", out)
	}
	writeFile(t, filepath.Join(dir, "main.hcl"), strings.Replace(strictConfig, "account \"Gone\" {\n  signing_key \"users\" {}\n}\n", "", 1))
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	out = mustRun(t, exitOK, dir, "push", flag)
	if !strings.Contains(out, `("Gone", not in the state, signed by this operator): deleted`) || !strings.Contains(out, "deleted 1 accounts") {
		t.Fatalf("push did not delete Gone:\n%s", out)
	}
	if out := mustRun(t, exitOK, dir, "plan", flag); !strings.Contains(out, "No drift.") || !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the deletion:\n%s", out)
	}
}
