package main

// -replace on a real nats-server: a user whose creds leaked gets a new
// key, its account revokes the old one, and after the push the old creds
// are refused and the new ones connect. Only the flag asks for it, and a
// saved plan binds the flag.

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/flows"
	"github.com/natsplan/natsplan/internal/natstest"
)

const replacedUser = "account.AccountB.user.userb"

func TestReplaceUserKey(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+t.TempDir()))
	at := "-server=" + srv.ClientURL()
	mustRun(t, exitOK, dir, "push", at)
	creds := writeCreds(t, dir, "AccountB/userb")
	old := filepath.Join(dir, "old.creds")
	copyFile(t, creds("AccountB", "userb"), old)
	if err := flows.Connect(srv.ClientURL(), old); err != nil {
		t.Fatalf("userb does not connect before the replacement: %v", err)
	}
	oldKey := readState(t, dir).Get(replacedUser).PublicKey

	// A revocation dated the second the plan is made reads "now" in a
	// saved plan's digests (planner.signedRevocations): plan in the next
	// second after the old JWT's iat.
	time.Sleep(time.Until(time.Unix(time.Now().Unix()+1, 0)))
	out := mustRun(t, exitOK, dir, "plan", "-replace="+replacedUser, "-out=replace.plan")
	for _, want := range []string{
		"# " + replacedUser + " must be replaced: forces a new key (-replace)",
		`-/+ user "userb"`,
		"# forces a new key (-replace)",
		"# account.AccountB will be updated in-place",
		"+ revoke user AccountB.user.userb",
		"Plan: 1 to add, 1 to change, 1 to destroy.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan does not say %q:\n%s", want, out)
		}
	}

	if out := mustRun(t, exitOK, dir, "show", "replace.plan"); !strings.Contains(out, "forces a new key (-replace)") {
		t.Errorf("show of the saved plan does not show the replacement:\n%s", out)
	}

	// The saved plan binds the replacement: applied without the flag, it
	// is refused and nothing changes.
	before := readFile(t, filepath.Join(dir, defaultStatePath))
	_, errs := runFails(t, dir, "apply", "replace.plan")
	if !strings.Contains(errs, "-replace=["+replacedUser+"]") {
		t.Errorf("apply without -replace does not name the replacement the plan was made with:\n%s", errs)
	}
	if !bytes.Equal(before, readFile(t, filepath.Join(dir, defaultStatePath))) {
		t.Fatal("a refused apply changed the state")
	}

	mustRun(t, exitOK, dir, "apply", "-replace="+replacedUser, "replace.plan")
	newKey := readState(t, dir).Get(replacedUser).PublicKey
	if newKey == oldKey || !strings.HasPrefix(newKey, "U") {
		t.Fatalf("the state records %s for userb, want a new user key (old %s)", newKey, oldKey)
	}
	mustRun(t, exitOK, dir, "push", at)
	if err := flows.Connect(srv.ClientURL(), old); err == nil || !strings.Contains(err.Error(), "Authorization Violation") {
		t.Errorf("the old creds of userb after the push: got %v, want an authorization violation", err)
	}
	writeCreds(t, dir, "AccountB/userb")
	if err := flows.Connect(srv.ClientURL(), creds("AccountB", "userb")); err != nil {
		t.Errorf("the new creds of userb are refused: %v", err)
	}
	if out := mustRun(t, exitOK, dir, "plan", at); !strings.Contains(out, "No changes.") || !strings.Contains(out, "No drift") {
		t.Fatalf("plan after the replacement is not clean:\n%s", out)
	}
}

// Only a user or an account that exists in the state and the
// configuration can be replaced; anything else is refused before a plan is shown.
func TestReplaceRefusesWhatItCannotReplace(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	before := readFile(t, filepath.Join(dir, defaultStatePath))
	for addr, why := range map[string]string{
		"operator.Test":                 "only a user's or an account's key can be replaced",
		"account.SYS":                   "it is the system account",
		"account.AccountB.user.nobody":  "there is no such entity",
		"account.AccountB.user.userb.x": "there is no such entity",
	} {
		for _, cmd := range [][]string{{"plan"}, {"apply", "-auto-approve"}} {
			_, errs := runFails(t, dir, append(cmd, "-replace="+addr)...)
			if !strings.Contains(errs, "Invalid -replace") || !strings.Contains(errs, why) {
				t.Errorf("%v -replace=%s: want %q, got:\n%s", cmd, addr, why, errs)
			}
		}
	}
	if !bytes.Equal(before, readFile(t, filepath.Join(dir, defaultStatePath))) {
		t.Fatal("a refused -replace changed the state")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b := readFile(t, from)
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runFails runs natsplan and expects it to fail.
func runFails(t *testing.T, dir string, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errs := natsplan(t, dir, args...)
	if code == exitOK {
		t.Fatalf("natsplan %v succeeded:\n%s", args, out)
	}
	return out, errs
}
