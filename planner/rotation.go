package planner

// Staged rotation of signing keys (lang/rotation.go). Nothing new is
// signed by a retiring or compromised key, so everything it signed gets
// another issuer in this plan: its digest changes, and it is an update
// like any other. This file only says why, counts what must be handed
// out again, and guards the last step: a key whose block was removed is
// dropped from its owner's JWT, which is refused while an entity the
// state keeps is still signed by it. All of it reads the changes and the
// few owners that list signing keys: nothing is added to a no-op plan.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// Rotation states.
const (
	RotationRetire      = "retire"      // retire = true: still listed, signs nothing
	RotationCompromised = "compromised" // compromised = true: dropped at once
	RotationRemoved     = "removed"     // block removed: dropped from the owner's JWT
)

// Rotation is one signing key this plan rotates out.
type Rotation struct {
	Owner     string // address of the operator or account that lists the key
	OwnerName string
	OwnerKind state.Kind
	Key       string // the signing key's name
	PublicKey string
	State     string // RotationRetire, RotationCompromised or RotationRemoved
	// Resigned are the entities this plan re-signs because their JWT in
	// the state was issued by the key; Users are the users among them,
	// whose creds files must be handed out again.
	Resigned []string
	Users    []string
	// Remaining, for a removed key, are the entities of the state that
	// are still signed by it and that this plan keeps: the plan fails.
	Remaining []string
}

// stagedKeys returns the configuration's retiring and compromised signing
// keys by owner address and name.
func stagedKeys(cfg *lang.Config) map[string]map[string]*lang.SigningKey {
	out := map[string]map[string]*lang.SigningKey{}
	add := func(keys []*lang.SigningKey) {
		for _, k := range keys {
			if k.Usable() {
				continue
			}
			if out[k.Owner] == nil {
				out[k.Owner] = map[string]*lang.SigningKey{}
			}
			out[k.Owner][k.Name] = k
		}
	}
	if cfg.Operator != nil {
		add(cfg.Operator.SigningKeys)
	}
	for _, a := range cfg.Accounts {
		add(a.SigningKeys)
	}
	return out
}

// planRotations fills p.Rotations and p.DeployOperatorFirst, gives each
// re-signed change its reason, and refuses the removal of a key that
// still signs something the state keeps.
func planRotations(cfg *lang.Config, st *state.State, p *Plan) hcl.Diagnostics {
	staged := stagedKeys(cfg)
	issued := map[string][]*Change{}
	for _, c := range p.Changes {
		if c.Prior != nil && c.Action != Delete {
			issued[c.Prior.Issuer] = append(issued[c.Prior.Issuer], c)
		}
	}
	for _, owner := range sortedKeys(staged) {
		prior := st.Get(owner)
		for _, name := range sortedKeys(staged[owner]) {
			p.Unusable = append(p.Unusable, unusableKey(staged[owner][name], prior))
			if prior == nil || prior.SigningKeys[name] == "" {
				continue // never in a JWT: nothing signed by it
			}
			r := &Rotation{Owner: owner, OwnerName: prior.Name, OwnerKind: prior.Kind, Key: name,
				PublicKey: prior.SigningKeys[name], State: staged[owner][name].RotationState()}
			r.resign(issued[r.PublicKey])
			if r.State == RotationCompromised || len(r.Resigned) > 0 {
				p.Rotations = append(p.Rotations, r)
			}
		}
	}
	diags := removedKeys(st, p, staged)
	sort.SliceStable(p.Rotations, func(i, j int) bool {
		a, b := p.Rotations[i], p.Rotations[j]
		return a.Owner < b.Owner || a.Owner == b.Owner && a.Key < b.Key
	})
	p.DeployOperatorFirst = deployOperatorFirst(st, p)
	return diags
}

// resign records the changes whose prior JWT the key issued, and says
// why on each.
func (r *Rotation) resign(changes []*Change) {
	word := "retiring"
	if r.State == RotationCompromised {
		word = "compromised"
	}
	for _, c := range changes {
		c.Reasons = append(c.Reasons, fmt.Sprintf("re-signed: signing key `%s` is %s", r.Key, word))
		r.Resigned = append(r.Resigned, c.Address)
		if c.Kind == state.KindUser {
			r.Users = append(r.Users, c.Address)
		}
	}
	sort.Strings(r.Resigned)
	sort.Strings(r.Users)
}

// removedKeys finds the signing keys an owner's prior JWT lists and its
// new one does not (the block was removed), records them, and refuses
// each one that still signs an entity the state keeps.
func removedKeys(st *state.State, p *Plan, staged map[string]map[string]*lang.SigningKey) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range p.Changes {
		if c.Action != Update || c.Prior == nil || c.Desired == nil || len(c.Prior.SigningKeys) == 0 {
			continue
		}
		kept := map[string]bool{}
		for _, pub := range c.Desired.SigningKeys {
			kept[pub] = true
		}
		for _, name := range sortedKeys(c.Prior.SigningKeys) {
			pub := c.Prior.SigningKeys[name]
			if kept[pub] || staged[c.Address][name] != nil {
				continue
			}
			r := &Rotation{Owner: c.Address, OwnerName: c.Prior.Name, OwnerKind: c.Prior.Kind, Key: name,
				PublicKey: pub, State: RotationRemoved, Remaining: stillSigned(st, p, pub)}
			p.Rotations = append(p.Rotations, r)
			if len(r.Remaining) > 0 {
				diags = append(diags, keyStillSigns(r))
			}
		}
	}
	return diags
}

// stillSigned lists the entities of st issued by key that p keeps.
func stillSigned(st *state.State, p *Plan, key string) []string {
	var out []string
	for addr, r := range st.Resources {
		if r.Issuer == key && p.Desired[addr] != nil {
			out = append(out, addr)
		}
	}
	sort.Strings(out)
	return out
}

func keyStillSigns(r *Rotation) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Removed signing key still signs entities",
		Detail: fmt.Sprintf("Signing key `%s` (%s) of %s %s is no longer in the configuration, so this plan would drop it "+
			"from %s's JWT, but %d %s in the state %s still signed by it (%s), and would stop working. Put the "+
			"signing_key %q block back and set retire = true on it and apply first, so they are re-signed while the key "+
			"is still trusted; or compromised = true to drop it at once. Nothing was written.",
			r.Key, r.PublicKey, r.OwnerKind, r.OwnerName, r.OwnerName, len(r.Remaining), plural(len(r.Remaining), "entity", "entities"),
			plural(len(r.Remaining), "is", "are"), FirstFew(r.Remaining, 5), r.Key)}
}

// FirstFew joins the first n of list, saying how many more there are.
func FirstFew(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(list[:n], ", "), len(list)-n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// deployOperatorFirst reports whether the servers must run the new
// operator JWT before accounts are pushed: the plan re-signs the operator
// and signs an account with a key its prior JWT does not list, or drops
// an operator signing key.
func deployOperatorFirst(st *state.State, p *Plan) bool {
	var op *Change
	for _, c := range p.Changes {
		if c.Kind == state.KindOperator && c.Action == Update && c.Prior != nil {
			op = c
		}
	}
	if op == nil {
		return false
	}
	known := map[string]bool{op.Prior.PublicKey: true}
	for _, pub := range op.Prior.SigningKeys {
		known[pub] = true
	}
	for _, c := range p.Changes {
		if c.Kind == state.KindAccount && c.Desired != nil && !known[c.Desired.SignerKey] {
			return true
		}
	}
	for _, r := range p.Rotations {
		if r.Owner == op.Address && r.State != RotationRetire {
			return true
		}
	}
	return false
}

// UnusableKey is a signing key the configuration marks retire or
// compromised.
type UnusableKey struct {
	Address   string
	PublicKey string // "" when the state does not record it
	State     string
}

func unusableKey(k *lang.SigningKey, owner *state.Resource) UnusableKey {
	u := UnusableKey{Address: k.Address(), State: k.RotationState()}
	if owner != nil {
		u.PublicKey = owner.SigningKeys[k.Name]
	}
	return u
}

// UnusableSigner returns the retiring or compromised key that would sign
// d, if any: the planner never picks one, so a plan that does was forged.
func (p *Plan) UnusableSigner(d *Desired) (UnusableKey, bool) {
	for _, u := range p.Unusable {
		if d.Signer == u.Address || (u.PublicKey != "" && d.SignerKey == u.PublicKey) {
			return u, true
		}
	}
	return UnusableKey{}, false
}
