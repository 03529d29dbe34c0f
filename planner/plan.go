package planner

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// Action is what a plan does to one entity; its value is the glyph shown.
type Action rune

// Plan actions.
const (
	NoOp   Action = ' '
	Create Action = '+'
	Update Action = '~'
	Delete Action = '-'
	// Replace gives an existing entity a new key: shown as -/+, it
	// destroys what the old key was (every creds file and token issued
	// for it) and creates an entity anew. Only -replace asks for one
	// (requested.go); the planner reports every other replacement as an
	// error and apply refuses it (replace.go).
	Replace Action = '±'
)

// Change is one entity the plan touches.
type Change struct {
	Address string
	Kind    state.Kind
	Name    string
	Action  Action
	// Reasons explain a change the config did not ask for directly
	// (a cascade), for example an importer re-signed because its
	// activation was re-issued.
	Reasons []string
	// Diff is the claims-level difference, ready to print: placeholder
	// keys already read "(known after apply)".
	Diff []AttrDiff

	Desired *Desired        // nil for a deletion
	Prior   *state.Resource // nil for a creation

	// PriorKey is, for a replacement, the key the entity has now: the
	// subject of its JWT in the state.
	PriorKey string
	// Requested is set on a replacement -replace asked for (Replacing).
	Requested bool
}

// Plan is the full set of changes from a state to a configuration.
type Plan struct {
	Changes []*Change

	// Desired holds every entity the config wants, changed or not, so that
	// apply can find the JWTs an entity builds on.
	Desired map[string]*Desired

	// Pending maps placeholder keys to the address they stand for.
	Pending map[string]string

	// Moves are the moved blocks that rename entities of the state this
	// plan was made against; apply renames them too (MoveState).
	Moves []Move

	// TokenFiles are token files apply writes from the state, for grants
	// it does not re-sign (PendingTokenFiles).
	TokenFiles []TokenFile

	StateLineage string
	StateSerial  uint64
	ConfigDigest string

	// Inputs are what evaluating the configuration read besides its
	// *.hcl files (lang.Config.Inputs), which a saved plan binds.
	Inputs []lang.Input

	// now is the time the plan was made at, in unix seconds: a
	// revocation made by this plan carries it (SignedDigest).
	now int64

	// Replaced are the addresses -replace asked a new key for, sorted
	// (Replacing); a saved plan binds them.
	Replaced []string

	// StateWriter is the natsplan version that wrote the state ("" for
	// a state from before it was recorded, or none).
	StateWriter string

	// Rotations are the signing keys this plan rotates out (rotation.go):
	// retiring and compromised keys with what is re-signed, and keys
	// dropped because their block was removed.
	Rotations []*Rotation
	// DeployOperatorFirst says that the servers must run the operator
	// JWT this plan signs before the accounts it signs are pushed.
	DeployOperatorFirst bool
	// Unusable are the configuration's retiring and compromised signing
	// keys: apply signs nothing with them (UnusableSigner).
	Unusable []UnusableKey
}

// Counts returns how many entities the plan adds, changes and destroys.
func (p *Plan) Counts() (add, change, destroy int) {
	for _, c := range p.Changes {
		switch c.Action {
		case Create:
			add++
		case Update:
			change++
		case Delete:
			destroy++
		case Replace:
			add++
			destroy++
		}
	}
	return
}

// Empty reports whether the plan changes nothing, in the state or in
// token files.
func (p *Plan) Empty() bool {
	return len(p.Changes) == 0 && len(p.Moves) == 0 && len(p.TokenFiles) == 0
}

// StateChanges reports whether applying p changes the state: a plan that
// only writes token files leaves it as it is.
func (p *Plan) StateChanges() bool { return len(p.Changes) > 0 || len(p.Moves) > 0 }

// New computes the plan that takes st to cfg. Diagnostics come from jwt/v2's
// validation of the built claims; a plan with errors must not be applied.
// keys is as for Build (nil: the keys in st). The moved blocks of cfg are
// applied to st first (see Move).
func New(cfg *lang.Config, st *state.State, keys func(string) (string, bool), opts ...Option) (*Plan, hcl.Diagnostics) {
	o := newOptions(opts)
	moves := applicableMoves(st, cfg.Moves)
	st = MoveState(st, moves)
	keys, replace := replacedKeys(movedKeys(keys, cfg.Moves), st, o.replace)
	desired, pending, diags := build(cfg, st, keys, o.now, replace)
	p := &Plan{Desired: desired, Pending: pending, StateLineage: st.Lineage,
		StateSerial: st.Serial, ConfigDigest: cfg.Digest, Inputs: cfg.Inputs, Moves: moves, now: o.now.Unix(),
		StateWriter: st.NatsplanVersion, Replaced: sortedKeys(replace)}
	names := newNames(st, desired, pending)
	p.Changes = decideAll(desired, st)
	diags = append(diags, markRequested(p, st, systemAccount(cfg))...)
	if !o.noDiffs {
		describeAll(p.Changes, names)
		explainCascades(p, names.name)
	}
	diags = append(diags, planRotations(cfg, st, p)...)
	diags = append(diags, preventDestroy(p)...)
	diags = append(diags, waivedRules(cfg, p)...)
	diags = append(diags, stateMismatches(p)...)
	return p, append(diags, unreadJWTs(st)...)
}

// decide returns the change at one address, or nil. Digests decide; no
// JWT is decoded.
func decide(addr string, d *Desired, prior *state.Resource) *Change {
	switch {
	case d == nil:
		return &Change{Address: addr, Kind: prior.Kind, Name: prior.Name, Action: Delete, Prior: prior}
	case prior == nil:
		return &Change{Address: d.Address, Kind: d.Kind, Name: d.Name, Action: Create, Desired: d}
	case unchanged(d, prior) && prior.Kind == d.Kind:
		return nil
	}
	c := &Change{Address: d.Address, Kind: d.Kind, Name: d.Name, Action: Update, Desired: d, Prior: prior}
	if prior.PublicKey != d.PublicKey && d.Kind != state.KindGrant {
		c.Action, c.PriorKey = Replace, prior.PublicKey
	}
	if d.Refresh != "" {
		c.Reasons = append(c.Reasons, d.Refresh)
	}
	return c
}

// describeAll describes every change, on all cores: a first apply of a
// large fleet creates every entity, and describing each was a good part
// of its time. The name tables are built first, so that the workers only
// read them.
func describeAll(changes []*Change, names *names) {
	if len(changes) == 0 {
		return
	}
	names.tables()
	parallel.For(len(changes), 64, func(i int) { describe(changes[i], names) })
}

// describe fills in the claims-level diff a reviewer reads. Only here is
// a state JWT decoded, and only for an entity that changes.
func describe(c *Change, names *names) {
	switch c.Action {
	case Delete:
		c.Diff = names.display(removedAll(c.Prior, names))
	case Create:
		c.Diff = names.display(creation(Describe(c.Desired.Claims, names.label)))
	case Update, Replace:
		prior := decodePrior(c.Prior, names)
		markReplacement(c, prior)
		before := Describe(prior, names.label)
		c.Diff = names.display(diffAttrs(before, Describe(c.Desired.Claims, names.label)))
	}
}

func removedAll(prior *state.Resource, names *names) []AttrDiff {
	return []AttrDiff{{Action: Delete, Key: "public_key", Before: quote(prior.PublicKey)}}
}

// decodePrior decodes a state JWT for display. A JWT that does not decode
// shows as empty claims: every attribute then reads as added, which is the
// truth of what apply will write.
func decodePrior(r *state.Resource, n *names) jwt.Claims {
	if c, err := jwt.Decode(priorJWT(r)); err == nil {
		if ac, ok := c.(*jwt.AccountClaims); ok {
			n.markTokens(ac)
		}
		return c
	}
	switch r.Kind {
	case state.KindOperator:
		return &jwt.OperatorClaims{}
	case state.KindAccount:
		return &jwt.AccountClaims{}
	case state.KindUser:
		return &jwt.UserClaims{}
	}
	return &jwt.ActivationClaims{}
}
