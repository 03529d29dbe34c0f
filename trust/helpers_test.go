package trust_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/apply"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// applied is a state that a real apply wrote, with its keystore.
type applied struct {
	t         *testing.T
	statePath string
	ks        *state.Keystore
}

func newApplied(t *testing.T) *applied {
	dir := t.TempDir()
	ks, err := state.OpenKeystore(filepath.Join(dir, ".natsplan", "keys"))
	if err != nil {
		t.Fatal(err)
	}
	return &applied{t: t, statePath: filepath.Join(dir, "natsplan.state.json"), ks: ks}
}

// apply plans config against the state and applies it as the CLI does.
func (a *applied) apply(config string) *state.State {
	a.t.Helper()
	st := a.read()
	load := func(keys func(string) (string, bool)) (*planner.Plan, hcl.Diagnostics) {
		cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(config)}, lang.LoadOptions{Keys: keys})
		if diags.HasErrors() {
			return nil, diags
		}
		p, more := planner.New(cfg, st, keys)
		return p, append(diags, more...)
	}
	p, diags := load(planner.StateKeys(st))
	if diags.HasErrors() {
		a.t.Fatal(diags)
	}
	if _, err := apply.Apply(context.Background(), p, st, load, apply.Options{Keystore: a.ks, StatePath: a.statePath}); err != nil {
		a.t.Fatal(err)
	}
	return a.read()
}

func (a *applied) read() *state.State {
	a.t.Helper()
	st, err := state.Read(a.statePath)
	if err != nil {
		a.t.Fatal(err)
	}
	return st
}

func servicesConfig(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("..", "examples", "services", "main.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// forge signs claims with a key that is not the one state expects, and
// returns the JWT with the iat it carries.
func forge(t *testing.T, c jwt.Claims, kp nkeys.KeyPair) (string, int64) {
	t.Helper()
	token, err := c.Encode(kp)
	if err != nil {
		t.Fatal(err)
	}
	d, err := jwt.Decode(token)
	if err != nil {
		t.Fatal(err)
	}
	return token, d.Claims().IssuedAt
}

func pub(kp nkeys.KeyPair) string {
	k, _ := kp.PublicKey()
	return k
}
