package apply

import (
	"fmt"
	"sort"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// Apply signs for keys: a JWT whose subject is a key makes that key the
// entity (servers serve an account's exports to whoever holds its seed,
// let in whoever holds a user's), and a signing key listed in claims may
// issue for the entity. The state says which key each entity has, and the
// state is untrusted, so before anything is signed or written:
//
//  1. the whole state is verified (trust.State): every recorded key is
//     its JWT's subject, every JWT verifies up to the operator under its
//     own name, and so on;
//  2. no planned change replaces an entity's key: nothing in the
//     configuration can ask for a new key, so a replacement can only
//     come from an edited state;
//  3. every key apply signs for has evidence (evidence below).
//
// Verifying the whole state costs what decoding every JWT once costs,
// on all cores; it is done before any key is made, so a refusal leaves
// the keystore as well as the state as it was.
//
// Check is what Apply checks first. A caller that asks for confirmation
// runs it before asking, so that no one approves a plan that will be
// refused, and tells Apply so (Options.Checked).
func Check(p *planner.Plan, st *state.State, keys custody.Custody) error {
	if problems := trust.State(st); len(problems) > 0 {
		return trust.Error("refusing to apply: the state cannot be trusted:", problems,
			"Nothing was signed and the state was not changed. "+trust.Recover)
	}
	if err := refuseReplacements(p); err != nil {
		return err
	}
	if err := refuseUnusableSigners(p); err != nil {
		return err
	}
	if missing := MissingSigners(p, keys); len(missing) > 0 {
		return trust.Error("refusing to apply: keys that sign what this plan changes are not at hand ("+keys.Where()+"):", missing,
			"Nothing was signed and the state was not changed. Bring each key named into the keystore or the signer "+
				"(-keystore, -keystore-age-identity, -signer) for this apply, or change the configuration so that a key at hand signs.")
	}
	if bad := UnreadableSigners(p, keys); len(bad) > 0 {
		return trust.Error("refusing to apply: keys that sign what this plan changes cannot be read:", bad,
			"Nothing was signed and the state was not changed.")
	}
	e := &evidence{plan: p, st: planner.MoveState(st, p.Moves), ks: keys}
	var problems []trust.Problem
	for _, c := range p.Changes {
		if c.Action == planner.Delete || c.Desired == nil {
			continue
		}
		problems = append(problems, e.check(c.Desired)...)
	}
	if len(problems) > 0 {
		return trust.Error("refusing to apply: it would sign for keys it has no evidence for:", problems,
			"Nothing was signed and the state was not changed. Evidence for a key is its seed in the keystore, "+
				"or (for an account) its JWT in the state, verified up to an operator whose seed is in the keystore. "+
				"If the keystore is not the one this state was applied with, point -keystore at it; otherwise "+trust.Recover)
	}
	return nil
}

// refuseReplacements refuses a plan that gives an existing entity a new
// key. The planner shows such a change as a replacement (-/+) and reports
// it; this is the same rule where the signing is.
func refuseReplacements(p *planner.Plan) error {
	var problems []trust.Problem
	for _, c := range p.Changes {
		if c.Action == planner.Replace && !planner.RequestedReplacement(c) {
			problems = append(problems, trust.Problem{Address: c.Address, Reason: planner.ReplaceReason(c)})
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return trust.Error("refusing to apply: the plan replaces the key of an entity, which only -replace can ask for, and it did not:",
		problems, "Nothing was signed and the state was not changed. "+trust.Recover)
}

// evidence decides whether apply may sign for a key: one this apply
// makes (a pending key of the plan), one whose seed the keystore holds,
// or, for an account whose seed is kept offline, the key its JWT in the
// verified state has, when that state's operator is ours: its seed is in
// the keystore, so no one else could have signed its JWT or the
// accounts under it. Users natsplan made always have their seeds.
type evidence struct {
	plan *planner.Plan
	st   *state.State // verified, with the plan's moves applied
	ks   custody.Custody

	anchored *bool // whether the keystore holds the operator's seed
}

// check returns the keys of d that apply has no evidence for.
func (e *evidence) check(d *planner.Desired) []trust.Problem {
	var out []trust.Problem
	prior := e.st.Get(d.Address)
	if d.Kind != state.KindGrant && !e.holds(d, d.PublicKey, prior != nil && prior.PublicKey == d.PublicKey) {
		out = append(out, trust.Problem{Address: d.Address, Reason: fmt.Sprintf(
			"its key %s has no seed in the keystore%s", d.PublicKey, e.why(d.Kind))})
	}
	for _, name := range sortedKeys(d.SigningKeys) {
		key := d.SigningKeys[name]
		recorded := prior != nil && prior.SigningKeys[name] == key
		if !e.holds(d, key, recorded) {
			out = append(out, trust.Problem{Address: d.Address, Reason: fmt.Sprintf(
				"its signing key %q (%s) has no seed in the keystore%s", name, key, e.why(d.Kind))})
		}
	}
	return out
}

// holds reports whether there is evidence for key, given whether the
// verified state records it for d's entity.
func (e *evidence) holds(d *planner.Desired, key string, recorded bool) bool {
	if e.plan.Pending[key] != "" || e.ks.Has(key) {
		return true
	}
	return recorded && d.Kind == state.KindAccount && e.operatorAnchored()
}

// why completes a refusal: what else would have been evidence.
func (e *evidence) why(kind state.Kind) string {
	switch {
	case kind != state.KindAccount:
		return ""
	case !e.operatorAnchored():
		return ", and the keystore does not hold the operator's seed, so the account's JWT in the state cannot vouch for it"
	}
	return ", and the state's JWT of this account does not have it"
}

func (e *evidence) operatorAnchored() bool {
	if e.anchored == nil {
		op := e.st.Operator()
		ok := op != nil && e.ks.Has(op.PublicKey)
		e.anchored = &ok
	}
	return *e.anchored
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
