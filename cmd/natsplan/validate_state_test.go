package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/state"
)

// validate -state verifies every JWT in the state; apply refuses to sign
// under a JWT that does not verify; neither changes the state file.
func TestTamperedStateIsRefused(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	out := mustRun(t, exitOK, dir, "validate", "-state")
	if !strings.Contains(out, "The state's 9 JWTs verify.") {
		t.Fatalf("validate -state:\n%s", out)
	}

	// Swap the JWTs of two accounts: each is validly signed, by the right
	// operator, but for the other account.
	st := readState(t, dir)
	b, c := st.Get("account.AccountB"), st.Get("account.AccountC")
	b.JWT, c.JWT = c.JWT, b.JWT
	path := filepath.Join(dir, defaultStatePath)
	if err := state.Write(path, st); err != nil {
		t.Fatal(err)
	}
	tampered, _ := os.ReadFile(path)

	code, out, errs := natsplan(t, dir, "validate", "-state", "-no-color")
	if code != exitError || !strings.Contains(errs, "of the 9 entities in natsplan.state.json cannot be trusted") ||
		!strings.Contains(errs, "account.AccountB: the JWT's subject is A") {
		t.Fatalf("validate -state on a tampered state: exit %d\n%s%s", code, out, errs)
	}
	// Plan compares digests only, so it does not notice; apply, asked to
	// sign a user under AccountB, verifies AccountB first and refuses.
	editConfig(t, dir, `user "userb" {}`, `user "userb" {}`+"\n  user \"userb2\" {}")
	code, out, errs = natsplan(t, dir, "apply", "-auto-approve")
	if code != exitError || !strings.Contains(errs, "refusing to apply") || !strings.Contains(errs, "account.AccountB") ||
		strings.Contains(out, "Apply complete") {
		t.Fatalf("apply on a tampered state: exit %d\n%s%s", code, out, errs)
	}
	if now, _ := os.ReadFile(path); string(now) != string(tampered) {
		t.Fatal("the refused apply changed the state file")
	}
}
