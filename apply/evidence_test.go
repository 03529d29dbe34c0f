package apply

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// refused checks that err is a refusal saying each of want, and that the
// state file and the keystore's packs are as they were.
func (w *workspace) refused(t *testing.T, err error, before []byte, packs int, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("apply succeeded on a state it had to refuse")
	}
	for _, s := range want {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the refusal does not say %q:\n%v", s, err)
		}
	}
	if after, _ := os.ReadFile(w.statePath); string(after) != string(before) {
		t.Error("the refused apply changed the state file")
	}
	if n := w.packs(t); n != packs {
		t.Errorf("the refused apply wrote keys: %d packs, was %d", n, packs)
	}
}

// noChanges restores the backup when asked (the sound state a hand edit
// replaced), and checks that config plans no change against the state.
func (w *workspace) noChanges(t *testing.T, config string, restore bool) {
	t.Helper()
	if restore {
		b, err := os.ReadFile(w.statePath + ".backup")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(w.statePath, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if p, _, _ := w.plan(config); !p.Empty() {
		t.Fatalf("the restored state plans %d changes", len(p.Changes))
	}
}

func (w *workspace) packs(t *testing.T) int {
	entries, err := os.ReadDir(filepath.Join(w.ks.Root, "packs"))
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func (w *workspace) snapshot(t *testing.T) ([]byte, int) {
	b, err := os.ReadFile(w.statePath)
	if err != nil {
		t.Fatal(err)
	}
	return b, w.packs(t)
}

// A forged operator makes every account it signed untrustworthy, and
// apply refuses to sign under it, leaving the state file and the keystore
// as they were, though the plan creates an account (a key to make).
func TestApplyRefusesToBuildOnAForgedOperator(t *testing.T) {
	w := newWorkspace(t)
	cfg := servicesConfig(t)
	st := w.mustApply(cfg)
	op := st.Get("operator.Test")
	oc, _ := jwt.DecodeOperatorClaims(op.JWT)
	impostor, _ := nkeys.CreateOperator()
	oc.Subject, _ = impostor.PublicKey()
	op.JWT = forge(t, oc, impostor)
	op.IssuedAt = 1
	w.write(st)
	before, packs := w.snapshot(t)

	err := w.apply(cfg + "\naccount \"Extra\" {}\n")
	w.refused(t, err, before, packs, "refusing to apply", "operator.Test", "validate -state")
	accounts := 0
	for _, p := range trust.State(w.read()) {
		if strings.HasPrefix(p.Address, "account.") && strings.Contains(p.Reason, "operator.Test is not sound") {
			accounts++
		}
	}
	if accounts != 4 {
		t.Fatal("want the 4 accounts flagged for their untrusted operator")
	}
	w.noChanges(t, cfg, true)
}

// forge signs claims with a key that is not the one state expects.
func forge(t *testing.T, c jwt.Claims, kp nkeys.KeyPair) string {
	t.Helper()
	token, err := encode(c, kp, 1)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

const signedConfig = `
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
`

// offline moves the workspace to a keystore holding every seed of st but
// those of the given addresses (identity keys, or "addr/signing key").
func (w *workspace) offline(t *testing.T, st *state.State, gone ...string) {
	t.Helper()
	skip := map[string]bool{}
	for _, g := range gone {
		addr, sk, ok := strings.Cut(g, "/")
		if ok {
			skip[st.Get(addr).SigningKeys[sk]] = true
		} else {
			skip[st.Get(addr).PublicKey] = true
		}
	}
	ks, err := state.OpenKeystore(filepath.Join(t.TempDir(), "keys"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		keys := []string{r.PublicKey}
		for _, k := range r.SigningKeys {
			keys = append(keys, k)
		}
		for _, k := range keys {
			if skip[k] || r.Kind == state.KindGrant {
				continue
			}
			kp, err := w.ks.Get(k)
			if err != nil {
				t.Fatal(err)
			}
			if err := ks.Put(kp); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.ks = ks
}

// An account whose seed is kept offline is re-signed on the evidence of
// its JWT in the state, when the keystore holds the operator's seed: no
// one else could have signed that JWT.
func TestApplyAcceptsOfflineAccountSeedUnderOurOperator(t *testing.T) {
	w := newWorkspace(t)
	st := w.mustApply(signedConfig)
	w.offline(t, st, "account.A")
	if w.ks.Has(st.Get("account.A").PublicKey) {
		t.Fatal("the account's seed is still in the keystore; the test lost its point")
	}
	next := w.mustApply(strings.Replace(signedConfig, `signing_key "users" {}`, `signing_key "users" {}
  service "s" { subject = "s" }`, 1))
	if next.Get("account.A").IssuedAt == st.Get("account.A").IssuedAt {
		t.Fatal("the account was not re-signed")
	}
	if p := trust.State(next); len(p) != 0 {
		t.Fatalf("the state apply wrote has problems: %v", p)
	}
	w.noChanges(t, strings.Replace(signedConfig, `signing_key "users" {}`, `signing_key "users" {}
  service "s" { subject = "s" }`, 1), false)
}

// Without the operator's seed, the state cannot vouch for an account's
// key (a substitute operator would verify as well), and a user's key
// needs its seed: apply refuses, naming the entity and the key.
func TestApplyRefusesKeysWithoutEvidence(t *testing.T) {
	cases := map[string]struct {
		gone   []string
		edit   func(string) string
		expect []string
	}{
		"account, operator offline": {[]string{"account.A", "operator.Op"},
			func(c string) string {
				return strings.Replace(c, `signing_key "users" {}`, `signing_key "users" {}
  service "s" { subject = "s" }`, 1)
			},
			[]string{"account.A: its key A", "has no seed in the keystore", "does not hold the operator's seed"}},
		"account signing key, operator offline": {[]string{"account.A/users", "operator.Op"},
			func(c string) string {
				return strings.Replace(c, `signing_key "users" {}`, `signing_key "users" {}
  service "s" { subject = "s" }`, 1)
			},
			[]string{`account.A: its signing key "users" (A`, "has no seed in the keystore"}},
		"user": {[]string{"account.A.user.u"},
			func(c string) string {
				return strings.Replace(c, `user "u" {`, `user "u" {
    tags = ["t"]`, 1)
			},
			[]string{"account.A.user.u: its key U", "has no seed in the keystore"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			w := newWorkspace(t)
			st := w.mustApply(signedConfig)
			w.offline(t, st, c.gone...)
			before, packs := w.snapshot(t)
			err := w.apply(c.edit(signedConfig))
			w.refused(t, err, before, packs, append([]string{"refusing to apply: it would sign for keys it has no evidence for"}, c.expect...)...)
			w.noChanges(t, signedConfig, false)
		})
	}
}

// A plan that gives an entity another key than its JWT in the state is
// for is a replacement, and apply refuses it: nothing in the
// configuration can ask for a new key.
func TestApplyRefusesReplacement(t *testing.T) {
	w := newWorkspace(t)
	cfg := servicesConfig(t)
	w.mustApply(cfg)
	st := w.read()
	other := st.Get("account.AccountB").PublicKey
	keys := func(addr string) (string, bool) {
		if addr == "account.TestAccount" {
			return other, true
		}
		return planner.StateKeys(st)(addr)
	}
	loaded, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(cfg)}, lang.LoadOptions{Keys: keys})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p, diags := planner.New(loaded, st, keys)
	if !diags.HasErrors() {
		t.Fatal("the planner did not report the replacement")
	}
	before, packs := w.snapshot(t)
	_, err := Apply(context.Background(), p, st, func(func(string) (string, bool)) (*planner.Plan, hcl.Diagnostics) {
		return p, nil
	}, Options{Keystore: w.ks, StatePath: w.statePath})
	w.refused(t, err, before, packs, "replaces the key", "account.TestAccount", other)
	w.noChanges(t, cfg, false)
}

// A signing key added to the state is not signed into the account's next
// JWT: the state's signing keys must be those its JWT lists.
func TestApplyRefusesSigningKeyOnlyTheStateLists(t *testing.T) {
	w := newWorkspace(t)
	st := w.mustApply(signedConfig)
	intruder, _ := nkeys.CreateAccount()
	st.Get("account.A").SigningKeys["users"] = pub(intruder)
	w.write(st)
	before, packs := w.snapshot(t)
	err := w.apply(strings.Replace(signedConfig, `user "u" {`, `user "v" {}
  user "u" {`, 1))
	w.refused(t, err, before, packs, "refusing to apply: the state cannot be trusted", "account.A: the state records the signing keys")
	w.noChanges(t, signedConfig, true)
}

func pub(kp nkeys.KeyPair) string {
	k, _ := kp.PublicKey()
	return k
}
