package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
)

// A claims digest only lets plan skip decoding a JWT. An attacker who
// edits the state can set an account's digest to the digest of the claims
// the configuration asks for, so that removing a user seems to need no
// re-signing of its account, and the revocation is never signed. With
// this version's digests apply refuses such a state; a state that names
// another natsplan version has its digests recomputed from the JWTs, so
// the account is re-signed with the revocation either way.
func TestForgedDigestCannotHideARevocation(t *testing.T) {
	src, err := os.ReadFile("../../examples/services/main.hcl")
	if err != nil {
		t.Fatal(err)
	}
	a := applySrc(t, string(src))
	userb := a.key(t, "account.AccountB.user.userb")
	removeUser := func(dir string) { editConfig(t, dir, `user "userb" {}`, "") }

	// What the attacker computes: AccountB's digest once userb is revoked.
	scratch := t.TempDir()
	if out, err := exec.Command("cp", "-a", a.dir+"/.", scratch).CombinedOutput(); err != nil {
		t.Fatalf("copying the work dir: %v %s", err, out)
	}
	removeUser(scratch)
	mustRun(t, exitOK, scratch, "apply", "-auto-approve")
	wanted := readState(t, scratch).Get("account.AccountB").Digest

	removeUser(a.dir)
	path := filepath.Join(a.dir, defaultStatePath)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(string(orig), a.st.Get("account.AccountB").Digest, wanted, 1)
	if forged == string(orig) {
		t.Fatal("the digest to forge is not in the state file")
	}

	// This version's digests: the plan cannot see it, apply refuses.
	writeFile(t, path, forged)
	if code, _, errs := natsplan(t, a.dir, "apply", "-auto-approve"); code != exitError || !strings.Contains(errs, "account.AccountB: the claims digest in the state") {
		t.Fatalf("apply on a forged digest: exit %d, want a refusal naming account.AccountB:\n%s", code, errs)
	}
	if got, _ := os.ReadFile(path); string(got) != forged {
		t.Fatal("a refused apply changed the state")
	}

	// Another version named: the digests are recomputed, the account is
	// re-signed with the revocation.
	version := a.st.NatsplanVersion
	writeFile(t, path, strings.Replace(forged, `"natsplan_version": "`+version+`"`, `"natsplan_version": "v0.0.1-forged"`, 1))
	out := mustRun(t, exitOK, a.dir, "plan")
	if !strings.Contains(out, "# account.AccountB will be updated in-place") || !strings.Contains(out, "+ revoke user AccountB.user.userb {") {
		t.Fatalf("plan on a forged digest of a foreign state does not re-sign AccountB with the revocation:\n%s", out)
	}
	mustRun(t, exitOK, a.dir, "apply", "-auto-approve")
	ac, err := jwt.DecodeAccountClaims(readState(t, a.dir).Get("account.AccountB").JWT)
	if err != nil {
		t.Fatal(err)
	}
	if _, revoked := ac.Revocations[userb]; !revoked {
		t.Fatalf("AccountB was not re-signed with userb revoked: revocations %v", ac.Revocations)
	}
	if out := mustRun(t, exitOK, a.dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
}
