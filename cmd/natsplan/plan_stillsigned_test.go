package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/natstest"
)

// stillSignedConfig has App signed by operator signing key app, and a
// grant to Imp signed by Exp's signing key grant; keys lists both
// owners' signing keys.
func stillSignedConfig(opKeys, app, expKeys, grant string) string {
	return `operator "Test" {
  system_account = account.SYS
` + opKeys + `
}

account "SYS" {}

account "App" {
  signed_by = operator.Test.signing_key.` + app + `
  user "a" {}
}

account "Exp" {
` + expKeys + `
  service "help" {
    subject = "help.>"
    private = true
  }
}

account "Imp" {
  import "help" {
    service = account.Exp.service.help
  }
}

grant "help_imp" {
  service   = account.Exp.service.help
  to        = account.Imp
  subject   = "help.>"
  signed_by = account.Exp.signing_key.` + grant + `
}
`
}

// TestPlanServerCountsJWTsStillSignedByDroppedKeys: App is moved from
// operator signing key k1 to k2 and the grant from Exp's key g1 to g2 by
// retiring k1 and g1, applied but not pushed; the plan that then drops
// k1 and g1 (nothing in the state is signed by them any more, so it is
// allowed) warns with -server how many JWTs on the servers each dropped
// key still signed: App's account JWT and the activation in Imp's
// import. After apply and push, nothing is left and the warning is gone.
func TestPlanServerCountsJWTsStillSignedByDroppedKeys(t *testing.T) {
	dir := t.TempDir()
	both := "  signing_key \"k1\" {}\n  signing_key \"k2\" {}"
	bothG := "  signing_key \"g1\" {}\n  signing_key \"g2\" {}"
	writeFile(t, filepath.Join(dir, "main.hcl"), stillSignedConfig(both, "k1", bothG, "g1"))
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+t.TempDir()))
	at := "-server=" + srv.ClientURL()
	mustRun(t, exitOK, dir, "push", at)
	st := readState(t, dir)
	k1, g1 := st.Get("operator.Test").SigningKeys["k1"], st.Get("account.Exp").SigningKeys["g1"]

	retired := "  signing_key \"k1\" { retire = true }\n  signing_key \"k2\" {}"
	retiredG := "  signing_key \"g1\" { retire = true }\n  signing_key \"g2\" {}"
	writeFile(t, filepath.Join(dir, "main.hcl"), stillSignedConfig(retired, "k2", retiredG, "g2"))
	mustRun(t, exitOK, dir, "apply", "-auto-approve") // and no push: the servers keep k1's and g1's JWTs

	writeFile(t, filepath.Join(dir, "main.hcl"), stillSignedConfig(`  signing_key "k2" {}`, "k2", `  signing_key "g2" {}`, "g2"))
	if out := mustRun(t, exitOK, dir, "plan"); strings.Contains(out, "still signed by") {
		t.Fatalf("plan without -server warns about the servers:\n%s", out)
	}
	out := mustRun(t, exitOK, dir, "plan", at)
	for _, want := range []string{
		"Warning: 1 JWT on the servers is still signed by operator signing key `k1` (" + k1 + "): account App (" + st.Get("account.App").PublicKey + ").",
		"Warning: 1 JWT on the servers is still signed by account signing key `g1` of account.Exp (" + g1 + `): activation for import "help" of account Imp (` + st.Get("account.Imp").PublicKey + ").",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan -server does not warn %q:\n%s", want, out)
		}
	}

	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	mustRun(t, exitOK, dir, "push", at)
	out = mustRun(t, exitOK, dir, "plan", at)
	if !strings.Contains(out, "No changes.") || !strings.Contains(out, "No drift") || strings.Contains(out, "still signed by") {
		t.Fatalf("plan after apply and push is not clean:\n%s", out)
	}
}
