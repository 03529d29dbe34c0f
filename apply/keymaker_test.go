package apply

import (
	"context"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
)

// With a KeyMaker, the plan is made with the real keys of new entities:
// Apply signs it as it is, without re-planning, and the state holds
// exactly the keys the plan showed, each with its seed in the keystore.
// Keys made for nothing are wiped, never stored.
func TestKeyMakerPlanIsSignedWithoutReplan(t *testing.T) {
	w := newWorkspace(t)
	st := w.read()
	maker := NewKeyMaker()
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(servicesConfig(t))},
		lang.LoadOptions{Keys: planner.StateKeys(st), NewKeys: maker.Make})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p, diags := planner.New(cfg, st, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(p.Pending) != 8 || len(maker.keys) != 8 {
		t.Fatalf("pending %d, made %d; want 8 (operator, 4 accounts, 3 users)", len(p.Pending), len(maker.keys))
	}
	for key, addr := range p.Pending {
		if key == lang.PendingKey(addr) {
			t.Fatalf("%s has a placeholder, not a made key", addr)
		}
	}
	extra := maker.Make([]string{"account.Unused"})
	noReplan := func(func(string) (string, bool)) (*planner.Plan, hcl.Diagnostics) {
		t.Fatal("Apply re-planned a plan made with real keys")
		return nil, nil
	}
	res, err := Apply(context.Background(), p, st, noReplan, Options{Keystore: w.ks, StatePath: w.statePath, Made: maker})
	if err != nil {
		t.Fatal(err)
	}
	if res.KeysCreated != 8 {
		t.Fatalf("KeysCreated = %d", res.KeysCreated)
	}
	for key, addr := range p.Pending {
		if r := res.State.Get(addr); r == nil || r.PublicKey != key {
			t.Fatalf("%s: state has %v, the plan showed %s", addr, r, key)
		}
		if _, err := w.ks.Get(key); err != nil {
			t.Fatal(err)
		}
	}
	if w.ks.Has(extra[0]) {
		t.Fatal("a key the plan did not use was stored")
	}
	maker.Wipe()
	if len(maker.keys) != 0 {
		t.Fatal("Wipe kept keys")
	}
}
