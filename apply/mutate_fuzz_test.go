package apply

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// FuzzApplyMutatedState edits a sound state the ways a pull request could
// (keys, kinds, JWTs, names, digests, issuers, signing keys or whole
// entries swapped between entities, keys replaced by a stranger's,
// entries dropped) and applies a configuration that re-signs most of it.
// Apply must either refuse, leaving the state file and the keystore as
// they were, or write a state that trust.State accepts in which every
// JWT it signed is for the entity's own key: the one the sound state
// recorded, or a key this apply made.
func FuzzApplyMutatedState(f *testing.F) {
	base := newFuzzBase(f)
	f.Add([]byte{0, 0, 1})                            // swap two keys
	f.Add([]byte{5, 5, 6})                            // swap two entries whole
	f.Add([]byte{1, 2, 3})                            // a kind edited
	f.Add([]byte{6, 4, 0})                            // a stranger's key
	f.Add([]byte{7, 6, 0})                            // an entry dropped
	f.Add([]byte{3, 5, 6, 2, 5, 6, 4, 5, 6, 0, 5, 6}) // names, JWTs, digests and keys of two users
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, ops []byte) {
		base.run(t, ops)
	})
}

// fuzzBase is the sound state and keystore every input starts from.
type fuzzBase struct {
	state  []byte       // the state file
	st     *state.State // decoded
	addrs  []string     // its addresses, sorted
	ksRoot string       // its keystore
	config string       // what each input applies
}

func newFuzzBase(f *testing.F) *fuzzBase {
	dir := f.TempDir()
	ks, err := state.OpenKeystore(filepath.Join(dir, "keys"))
	if err != nil {
		f.Fatal(err)
	}
	w := &workspace{statePath: filepath.Join(dir, "state.json"), ks: ks}
	b, err := os.ReadFile(filepath.Join("..", "examples", "services", "main.hcl"))
	if err != nil {
		f.Fatal(err)
	}
	cfg := string(b)
	if err := applyConfig(w, cfg); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(w.statePath)
	st, err := state.Read(w.statePath)
	if err != nil {
		f.Fatal(err)
	}
	changed := strings.Replace(cfg, `user "userb" {}`, `user "userb" { tags = ["t"] }`, 1)
	changed = strings.Replace(changed, `user "TestUser" {}`, `user "TestUser" { tags = ["t"] }
  service "status" {
    subject = "status"
  }`, 1)
	changed = strings.Replace(changed, `user "userc" {}`, `user "userc" { tags = ["t"] }`, 1)
	return &fuzzBase{state: data, st: st, addrs: st.Addresses(), ksRoot: ks.Root, config: changed}
}

// run applies the mutations ops describes (triples: what, which, with
// which) and checks the outcome.
func (b *fuzzBase) run(t *testing.T, ops []byte) {
	dir := t.TempDir()
	ksRoot := filepath.Join(dir, "keys")
	copyPrivate(t, b.ksRoot, ksRoot)
	ks, err := state.OpenKeystore(ksRoot)
	if err != nil {
		t.Fatal(err)
	}
	w := &workspace{t: t, statePath: filepath.Join(dir, "state.json"), ks: ks}
	st, err := state.Read(writeFileT(t, filepath.Join(dir, "base.json"), b.state))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+2 < len(ops); i += 3 {
		b.mutate(st, ops[i], ops[i+1], ops[i+2])
	}
	if err := state.Write(w.statePath, st); err != nil {
		return // a mutation the state format itself refuses
	}
	before, _ := os.ReadFile(w.statePath)
	packs := w.packs(t)
	err = applyConfig(w, b.config)
	after, _ := os.ReadFile(w.statePath)
	if err != nil {
		if !bytes.Equal(before, after) {
			t.Fatalf("a refused apply changed the state: %v", err)
		}
		if n := w.packs(t); n != packs {
			t.Fatalf("a refused apply wrote keys: %v", err)
		}
		return
	}
	b.checkApplied(t, st, w)
}

// mutate applies one edit to st: op picks what, i and j which entities.
func (b *fuzzBase) mutate(st *state.State, op, i, j byte) {
	a, c := b.addrs[int(i)%len(b.addrs)], b.addrs[int(j)%len(b.addrs)]
	x, y := st.Resources[a], st.Resources[c]
	if x == nil || y == nil {
		return
	}
	xc, yc := *x, *y
	switch op % 10 {
	case 0:
		xc.PublicKey, yc.PublicKey = y.PublicKey, x.PublicKey
	case 1:
		xc.Kind = y.Kind
	case 2:
		xc.JWT, yc.JWT = y.JWT, x.JWT
	case 3:
		xc.Name, yc.Name = y.Name, x.Name
	case 4:
		xc.Digest, yc.Digest = y.Digest, x.Digest
	case 5:
		xc, yc = *y, *x
		xc.Name, xc.Kind, yc.Name, yc.Kind = x.Name, x.Kind, y.Name, y.Kind
	case 6:
		xc.PublicKey = strangerKey(x.PublicKey)
	case 7:
		delete(st.Resources, a)
		return
	case 8:
		xc.Issuer, yc.Issuer = y.Issuer, x.Issuer
	case 9:
		xc.SigningKeys, yc.SigningKeys = y.SigningKeys, x.SigningKeys
	}
	st.Resources[a], st.Resources[c] = &xc, &yc
	if a == c {
		st.Resources[a] = &xc
	}
}

// strangerKey is a new key of the same kind as key, whose seed nobody
// keeps.
func strangerKey(key string) string {
	create := nkeys.CreateAccount
	switch nkeys.Prefix(key) {
	case nkeys.PrefixByteOperator:
		create = nkeys.CreateOperator
	case nkeys.PrefixByteUser:
		create = nkeys.CreateUser
	}
	kp, err := create()
	if err != nil {
		panic(err)
	}
	k, _ := kp.PublicKey()
	return k
}

// checkApplied holds an apply that went through to the rules: the state
// is sound, and every entity apply signed is signed for its own key.
func (b *fuzzBase) checkApplied(t *testing.T, mutated *state.State, w *workspace) {
	next := w.read()
	if p := trust.State(next); len(p) != 0 {
		t.Fatalf("apply wrote a state that does not verify: %v", p)
	}
	known := map[string]bool{}
	for _, r := range b.st.Resources {
		known[r.PublicKey] = true
		for _, k := range r.SigningKeys {
			known[k] = true
		}
	}
	for addr, r := range next.Resources {
		if prev := mutated.Get(addr); prev != nil && prev.JWT == r.JWT {
			continue // not signed by this apply
		}
		own := func(key, was string) bool { return key == was || (!known[key] && w.ks.Has(key)) }
		sound := b.st.Get(addr)
		was := ""
		if sound != nil {
			was = sound.PublicKey
		}
		if r.Kind != state.KindGrant && !own(r.PublicKey, was) {
			t.Fatalf("apply signed %s for the key %s; its own is %s", addr, r.PublicKey, was)
		}
		for name, k := range r.SigningKeys {
			if sound != nil && !own(k, sound.SigningKeys[name]) {
				t.Fatalf("apply signed the signing key %q of %s as %s; its own is %s", name, addr, k, sound.SigningKeys[name])
			}
		}
	}
}

// applyConfig plans config against the workspace's state and applies it.
func applyConfig(w *workspace, config string) error {
	st, err := state.Read(w.statePath)
	if err != nil {
		return err
	}
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
		return diags // the planner refused
	}
	_, err = Apply(context.Background(), p, st, load, Options{Keystore: w.ks, StatePath: w.statePath})
	return err
}

// copyPrivate copies the keystore at from to to, keeping it private.
func copyPrivate(t *testing.T, from, to string) {
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFileT(t *testing.T, path string, data []byte) string {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
