package planner

import (
	"slices"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// rotationBase is a strict operator whose accounts default to signing
// keys; {OP} and {ACCT} are replaced by the signing_key blocks of a step.
const rotationBase = `operator "O" {
  system_account = account.SYS
  strict_signing_key_usage = true
{OP}
}
account "SYS" {
  signing_key "s" {}
}
account "A" {
{ACCT}
  user "u1" {}
  user "u2" {}
}
`

func rotationSrc(op, acct string) string {
	return strings.NewReplacer("{OP}", op, "{ACCT}", acct).Replace(rotationBase)
}

// signedState records p as applied over prior, as apply would: each JWT
// issued by its signer's key, signing keys as the claims list them.
// Keys still pending stand for the keys apply would make.
func signedState(t *testing.T, p *Plan, prior *state.State) *state.State {
	t.Helper()
	next := state.New()
	for addr, r := range prior.Resources {
		if p.Desired[addr] != nil {
			next.Resources[addr] = r
		}
	}
	for _, c := range p.Changes {
		d := c.Desired
		if d == nil {
			continue
		}
		next.Resources[d.Address] = &state.Resource{Kind: d.Kind, Name: d.Name, PublicKey: d.PublicKey,
			Issuer: d.SignerKey, IssuedAt: 100, JWT: throwawaySign(t, d, map[string]string{}), Digest: d.Digest,
			Revocations: d.Revocations, SigningKeys: d.SigningKeys, PreventDestroy: d.PreventDestroy}
	}
	return next
}

// planRotation plans src against st and fails on errors.
func planRotation(t *testing.T, src string, st *state.State) *Plan {
	t.Helper()
	p, diags := planEdited(t, src, st)
	if diags.HasErrors() {
		t.Fatalf("plan: %s", diags.Error())
	}
	return p
}

func reasonsOf(p *Plan, addr string) []string {
	if c := changeAt(p, addr); c != nil {
		return c.Reasons
	}
	return nil
}

func accountKeys(t *testing.T, p *Plan, addr string) []string {
	t.Helper()
	ac, ok := p.Desired[addr].Claims.(*jwt.AccountClaims)
	if !ok {
		t.Fatalf("%s is not re-signed", addr)
	}
	return ac.SigningKeys.Keys()
}

// Retiring an account signing key re-signs its users with the next key,
// keeps it in the account's JWT, counts the creds to hand out, and plans
// nothing more; removing the block then drops it, with a note.
func TestRetireAccountSigningKey(t *testing.T) {
	st := signedState(t, planRotation(t, rotationSrc(`  signing_key "o1" {}`, `  signing_key "a1" {}`), state.New()), state.New())
	old := st.Get("account.A").SigningKeys["a1"]
	if st.Get("account.A.user.u1").Issuer != old {
		t.Fatalf("u1 issued by %s, want a1 %s", st.Get("account.A.user.u1").Issuer, old)
	}
	step1 := rotationSrc(`  signing_key "o1" {}`, "  signing_key \"a1\" { retire = true }\n  signing_key \"a2\" {}")
	p := planRotation(t, step1, st)
	for _, u := range []string{"account.A.user.u1", "account.A.user.u2"} {
		if !slices.Contains(reasonsOf(p, u), "re-signed: signing key `a1` is retiring") {
			t.Errorf("%s reasons %q, want the retiring key's", u, reasonsOf(p, u))
		}
		if got := changeAt(p, u).Desired.Signer; got != "account.A.signing_key.a2" {
			t.Errorf("%s signed by %s, want a2", u, got)
		}
	}
	if keys := accountKeys(t, p, "account.A"); !slices.Contains(keys, old) || len(keys) != 2 {
		t.Errorf("account A's JWT lists %v, want the retiring %s and a2", keys, old)
	}
	if len(p.Rotations) != 1 {
		t.Fatalf("rotations %+v, want one", p.Rotations)
	}
	r := p.Rotations[0]
	if r.State != RotationRetire || r.Key != "a1" || r.PublicKey != old || r.Owner != "account.A" ||
		!slices.Equal(r.Users, []string{"account.A.user.u1", "account.A.user.u2"}) {
		t.Errorf("rotation %+v", r)
	}
	if p.DeployOperatorFirst {
		t.Error("an account key's rotation asks for the operator JWT to be deployed first")
	}
	st = signedState(t, p, st)
	if p := planRotation(t, step1, st); !p.Empty() || len(p.Rotations) != 0 {
		t.Fatalf("after the retire step: %v, rotations %+v", changed(p), p.Rotations)
	}
	step2 := rotationSrc(`  signing_key "o1" {}`, `  signing_key "a2" {}`)
	p = planRotation(t, step2, st)
	if !slices.Equal(changed(p), []string{"~ account.A"}) {
		t.Errorf("removing the retired key changes %v, want account.A only", changed(p))
	}
	if keys := accountKeys(t, p, "account.A"); slices.Contains(keys, old) || len(keys) != 1 {
		t.Errorf("account A's JWT lists %v, want a2 only", keys)
	}
	if len(p.Rotations) != 1 || p.Rotations[0].State != RotationRemoved || len(p.Rotations[0].Remaining) != 0 {
		t.Errorf("rotations %+v, want a1 removed with nothing left", p.Rotations)
	}
	if p := planRotation(t, step2, signedState(t, p, st)); !p.Empty() {
		t.Fatalf("after the removal: %v", changed(p))
	}
}

// Removing a signing key block while users are signed by it fails the
// plan, naming the key and the users, and how to do it.
func TestRemovedSigningKeyStillSigning(t *testing.T) {
	st := signedState(t, planRotation(t, rotationSrc(`  signing_key "o1" {}`, `  signing_key "a1" {}`), state.New()), state.New())
	old := st.Get("account.A").SigningKeys["a1"]
	p, diags := planEdited(t, rotationSrc(`  signing_key "o1" {}`, `  signing_key "a2" {}`), st)
	if !hasDiag(diags, "Removed signing key still signs entities",
		"Signing key `a1` ("+old+") of account A is no longer in the configuration") {
		t.Fatalf("no refusal: %v", diags)
	}
	for _, want := range []string{"2 entities", "account.A.user.u1, account.A.user.u2", "set retire = true on it and apply first", "compromised = true"} {
		if !hasDiag(diags, "Removed signing key still signs entities", want) {
			t.Errorf("the refusal does not say %q: %v", want, diags)
		}
	}
	if len(p.Rotations) != 1 || !slices.Equal(p.Rotations[0].Remaining, []string{"account.A.user.u1", "account.A.user.u2"}) {
		t.Errorf("rotations %+v", p.Rotations)
	}
}

// A compromised key is dropped from its account's JWT at once, what it
// signed is re-signed, and the next plans find nothing to do, with the
// block there or removed.
func TestCompromisedAccountSigningKey(t *testing.T) {
	st := signedState(t, planRotation(t, rotationSrc(`  signing_key "o1" {}`, `  signing_key "a1" {}`), state.New()), state.New())
	old := st.Get("account.A").SigningKeys["a1"]
	src := rotationSrc(`  signing_key "o1" {}`, "  signing_key \"a1\" { compromised = true }\n  signing_key \"a2\" {}")
	p := planRotation(t, src, st)
	if keys := accountKeys(t, p, "account.A"); slices.Contains(keys, old) || len(keys) != 1 {
		t.Errorf("account A's JWT lists %v, want a2 only", keys)
	}
	if _, ok := p.Desired["account.A"].SigningKeys["a1"]; ok {
		t.Error("the compromised key is still recorded for the state")
	}
	if !slices.Contains(reasonsOf(p, "account.A.user.u2"), "re-signed: signing key `a1` is compromised") {
		t.Errorf("u2 reasons %q", reasonsOf(p, "account.A.user.u2"))
	}
	if len(p.Rotations) != 1 || p.Rotations[0].State != RotationCompromised || len(p.Rotations[0].Users) != 2 {
		t.Fatalf("rotations %+v", p.Rotations)
	}
	st = signedState(t, p, st)
	p = planRotation(t, src, st)
	if !p.Empty() || len(p.Rotations) != 0 {
		t.Fatalf("after the compromise: %v, rotations %+v", changed(p), p.Rotations)
	}
	for _, addr := range p.Pending {
		if addr == "account.A.signing_key.a1" {
			t.Error("apply would make a key for the compromised signing key")
		}
	}
	if p := planRotation(t, rotationSrc(`  signing_key "o1" {}`, `  signing_key "a2" {}`), st); !p.Empty() {
		t.Fatalf("removing the compromised block: %v", changed(p))
	}
}

// Rotating an operator signing key re-signs the accounts it signed and
// says that the servers need the new operator JWT first.
func TestRetireOperatorSigningKey(t *testing.T) {
	acct := `  signing_key "a1" {}`
	st := signedState(t, planRotation(t, rotationSrc(`  signing_key "o1" {}`, acct), state.New()), state.New())
	old := st.Get("operator.O").SigningKeys["o1"]
	step1 := rotationSrc("  signing_key \"o1\" { retire = true }\n  signing_key \"o2\" {}", acct)
	p := planRotation(t, step1, st)
	for _, a := range []string{"account.A", "account.SYS"} {
		if !slices.Contains(reasonsOf(p, a), "re-signed: signing key `o1` is retiring") {
			t.Errorf("%s reasons %q", a, reasonsOf(p, a))
		}
	}
	oc := p.Desired["operator.O"].Claims.(*jwt.OperatorClaims)
	if len(oc.SigningKeys) != 2 || !slices.Contains(oc.SigningKeys, old) {
		t.Errorf("operator JWT lists %v, want o1 and o2", oc.SigningKeys)
	}
	if !p.DeployOperatorFirst {
		t.Error("accounts signed by a new operator key, but no deploy order")
	}
	if changeAt(p, "account.A.user.u1") != nil {
		t.Error("users are re-signed for an operator key's rotation")
	}
	st = signedState(t, p, st)
	if p := planRotation(t, step1, st); !p.Empty() {
		t.Fatalf("after the retire step: %v", changed(p))
	}
	p = planRotation(t, rotationSrc(`  signing_key "o2" {}`, acct), st)
	if !slices.Equal(changed(p), []string{"~ operator.O"}) || !p.DeployOperatorFirst {
		t.Errorf("removal: %v, deploy first %v", changed(p), p.DeployOperatorFirst)
	}
	if len(p.Rotations) != 1 || p.Rotations[0].State != RotationRemoved || p.Rotations[0].Owner != "operator.O" {
		t.Errorf("rotations %+v", p.Rotations)
	}
}
