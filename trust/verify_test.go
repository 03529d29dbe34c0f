package trust_test

import (
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// What apply writes verifies, revocations and activations included.
func TestVerifyAcceptsWhatApplyWrites(t *testing.T) {
	w := newApplied(t)
	cfg := servicesConfig(t)
	st := w.apply(cfg)
	if p := trust.State(st); len(p) != 0 {
		t.Fatalf("fresh state has problems: %v", p)
	}
	st = w.apply(strings.Replace(cfg, `user "userb" {}`, "", 1))
	if p := trust.State(st); len(p) != 0 {
		t.Fatalf("state with a revocation has problems: %v", p)
	}
	if st.Get("account.AccountB").Revocations == nil {
		t.Fatal("the removed user was not revoked; the test lost its point")
	}
}

// Each way of damaging a state is found and blamed on the right address.
func TestVerifyFindsTampering(t *testing.T) {
	w := newApplied(t)
	good := w.apply(servicesConfig(t))
	stranger, _ := nkeys.CreateAccount()
	cases := map[string]struct {
		damage func(st *state.State)
		addr   string
		reason string
	}{
		"payload edited": {func(st *state.State) {
			r := st.Get("account.AccountB")
			parts := strings.Split(r.JWT, ".")
			parts[1] = parts[1][:10] + "A" + parts[1][11:]
			r.JWT = strings.Join(parts, ".")
		}, "account.AccountB", "does not decode or its signature does not verify"},
		"user signed by a stranger": {func(st *state.State) {
			r := st.Get("account.AccountB.user.userb")
			uc, _ := jwt.DecodeUserClaims(r.JWT)
			r.JWT, r.IssuedAt = forge(t, uc, stranger)
			r.Issuer = pub(stranger)
		}, "account.AccountB.user.userb", "neither account.AccountB's key nor a signing key"},
		"JWTs swapped": {func(st *state.State) {
			b, c := st.Get("account.AccountB.user.userb"), st.Get("account.AccountC.user.userc")
			b.JWT, c.JWT = c.JWT, b.JWT
		}, "account.AccountB.user.userb", "subject is"},
		"digest edited": {func(st *state.State) {
			st.Get("account.TestAccount").Digest = strings.Repeat("0", 64)
		}, "account.TestAccount", "claims digest in the state"},
		"grant recorded for another export": {func(st *state.State) {
			st.Get("grant.phelp_to_c").Export = "srv"
		}, "grant.phelp_to_c", `the state records it for the export "srv"`},
		"two users swapped whole": {func(st *state.State) {
			b, c := st.Get("account.AccountB"), st.Get("account.AccountC")
			nb, nc := *c, *b
			nb.Name, nc.Name = b.Name, c.Name
			st.Resources["account.AccountB"], st.Resources["account.AccountC"] = &nb, &nc
		}, "account.AccountB", `the JWT is named "AccountC", but this account is "AccountB"`},
		"kind edited": {func(st *state.State) {
			st.Get("account.AccountB").Kind = state.KindUser
		}, "account.AccountB", `the state records it as a "user", but its address is that of an account`},
		"name edited": {func(st *state.State) {
			st.Get("account.AccountB").Name = "AccountC"
		}, "account.AccountB", `the state records the name "AccountC"`},
		"key shared": {func(st *state.State) {
			st.Get("account.AccountB").PublicKey = st.Get("account.AccountC").PublicKey
		}, "account.AccountC", "for 2 entities"},
		"operator key of the wrong kind": {func(st *state.State) {
			st.Get("operator.Test").PublicKey = st.Get("account.SYS").PublicKey
		}, "operator.Test", "is not an operator key"},
		"a second operator": {func(st *state.State) {
			cp := *st.Get("operator.Test")
			cp.Name = "Other"
			st.Resources["operator.Other"] = &cp
		}, "operator.Test", "the state holds 2 operators"},
		"user without its account": {func(st *state.State) {
			delete(st.Resources, "account.AccountB")
		}, "account.AccountB.user.userb", "its account account.AccountB is not in the state"},
		"signing key added": {func(st *state.State) {
			st.Get("account.AccountB").SigningKeys = map[string]string{"k": pub(stranger)}
		}, "account.AccountB", "the state records the signing keys"},
		"user JWT under a kind of account": {func(st *state.State) {
			st.Get("account.SYS").JWT = st.Get("account.AccountB.user.userb").JWT
		}, "account.SYS", `type "user"`},
	}
	for name, c := range cases {
		st := w.read()
		c.damage(st)
		problems := trust.State(st)
		found := false
		for _, p := range problems {
			found = found || p.Address == c.addr && strings.Contains(p.Reason, c.reason)
		}
		if !found {
			t.Errorf("%s: problems %v lack %s: %q", name, problems, c.addr, c.reason)
		}
	}
	if p := trust.State(good); len(p) != 0 {
		t.Fatalf("the untouched state has problems: %v", p)
	}
}

// JWTs signed with signing keys verify: an account signed by an operator
// signing key, a user by an account signing key.
func TestVerifyAcceptsSigningKeys(t *testing.T) {
	w := newApplied(t)
	st := w.apply(`
operator "Op" {
  system_account = account.SYS
  signing_key "ops" {}
}
account "SYS" {}
account "A" {
  signed_by = operator.Op.signing_key.ops
  signing_key "users" {}
  user "u" {
    signed_by = account.A.signing_key.users
  }
}
`)
	u, a := st.Get("account.A.user.u"), st.Get("account.A")
	if u.Issuer == a.PublicKey || a.Issuer == st.Get("operator.Op").PublicKey {
		t.Fatalf("signing keys were not used (user issuer %s, account issuer %s)", u.Issuer, a.Issuer)
	}
	if p := trust.State(st); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
	// The same user JWT under an account that does not list the key fails.
	other, _ := nkeys.CreateAccount()
	uc, _ := jwt.DecodeUserClaims(u.JWT)
	uc.IssuerAccount = a.PublicKey
	u.JWT, u.IssuedAt = forge(t, uc, other)
	u.Issuer = pub(other)
	if p := trust.State(st); len(p) == 0 || !strings.Contains(p[0].Reason, "neither account.A's key nor a signing key") {
		t.Fatalf("problems: %v", p)
	}
}

// Instances of blocks with for_each are recorded as label["key"] and
// their JWTs carry the key: both verify, and a swap of two instances is
// found by name.
func TestVerifyForEachNames(t *testing.T) {
	w := newApplied(t)
	st := w.apply(`
operator "Op" {
  system_account = account.SYS
}
account "SYS" {}
account "team" {
  for_each = toset(["a", "b"])
  user "dev" {
    for_each = toset(["x", "y"])
  }
}
`)
	if p := trust.State(st); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
	a, b := st.Get(`account.team["a"].user.dev["x"]`), st.Get(`account.team["a"].user.dev["y"]`)
	if a == nil || b == nil {
		t.Fatalf("no instances in %v", st.Addresses())
	}
	na, nb := *b, *a
	na.Name, nb.Name = a.Name, b.Name
	st.Resources[`account.team["a"].user.dev["x"]`], st.Resources[`account.team["a"].user.dev["y"]`] = &na, &nb
	found := false
	for _, p := range trust.State(st) {
		found = found || p.Address == `account.team["a"].user.dev["x"]` && strings.Contains(p.Reason, `the JWT is named "y", but this user is "x"`)
	}
	if !found {
		t.Fatalf("the swapped instances were not found: %v", trust.State(st))
	}
}
