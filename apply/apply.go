package apply

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/safefile"
	"github.com/natsplan/natsplan/state"
)

// Replanner re-runs the plan with the given keys, so that values that were
// "(known after apply)" become real. The CLI supplies one that reloads the
// configuration with these keys.
type Replanner func(keys func(address string) (string, bool)) (*planner.Plan, hcl.Diagnostics)

// Options configures one apply.
type Options struct {
	// Keystore is where new keys are stored (unless Custody creates
	// them); Custody is what apply signs through, by default Keystore.
	Keystore  *state.Keystore
	Custody   custody.Custody
	StatePath string
	Now       func() time.Time // defaults to time.Now
	// Progress, when set, is told how many entities have been signed.
	Progress func(done, total int)
	// Made holds the keys made while planning (KeyMaker), if any: the plan
	// uses them already, so it needs no re-plan.
	Made *KeyMaker
	// TokenFiles checks where token files may be written (the CLI's keeps
	// them in the configuration directory); nil: not over the state or
	// into the keystore.
	TokenFiles *safefile.Guard
	// Checked says that Check accepted this plan and state already.
	Checked bool

	// Store, when set, is where the state is written instead of the
	// file at StatePath (a JetStream bucket, say).
	Store state.Backend
}

// Result summarizes what an apply did.
type Result struct {
	State                     *state.State
	Added, Changed, Destroyed int
	KeysCreated               int
	Signed                    int
	TokenFiles                int // token files written
}

// Apply executes plan p against st and writes the new state.
func Apply(ctx context.Context, p *planner.Plan, st *state.State, replan Replanner, opt Options) (*Result, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	res := &Result{}
	if opt.Custody == nil {
		ks := custody.FromKeystore(opt.Keystore)
		defer ks.Close() // wipes the private keys it derived
		opt.Custody = ks
	}
	if !opt.Checked {
		if err := Check(p, st, opt.Custody); err != nil {
			return nil, err
		}
	}
	fresh, err := createKeys(ctx, p, st, opt, opt.Made)
	if err != nil {
		return nil, err
	}
	defer fresh.durable() // on every path: no write outlives Apply
	res.KeysCreated = fresh.count()
	final := p
	if fresh.placeholders {
		var diags hcl.Diagnostics
		final, diags = replan(fresh.lookup)
		if diags.HasErrors() {
			return nil, fmt.Errorf("re-planning with the new keys failed: %s", diags.Error())
		}
		if err := samePlan(p, final, fresh.made()); err != nil {
			return nil, err
		}
		if err := refuseUnusableSigners(final); err != nil {
			return nil, err
		}
	}
	st = planner.MoveState(st, final.Moves)
	next, signed, err := sign(ctx, final, st, opt, fresh)
	if err != nil {
		return nil, err
	}
	if err := fresh.durable(); err != nil { // before any state names them
		return nil, err
	}
	res.Signed = signed
	res.Added, res.Changed, res.Destroyed = final.Counts()
	// Token files are staged before the state is written and appear after
	// it (stagedTokens); a plan of token files only leaves the state as is.
	tokens, err := stageTokenFiles(p, final, next, opt.tokenGuard())
	if err != nil {
		return nil, err
	}
	defer tokens.discard()
	if final.StateChanges() {
		if err := opt.writeState(next); err != nil {
			return nil, err
		}
	}
	res.State, res.TokenFiles = next, len(tokens)
	if err := tokens.commit(); err != nil {
		return res, &StateWrittenError{Err: err, Serial: next.Serial}
	}
	return res, nil
}

// writeState writes the state to Store, or to the file at StatePath.
func (opt Options) writeState(next *state.State) error {
	if opt.Store != nil {
		return opt.Store.Write(next)
	}
	return state.Write(opt.StatePath, next)
}

// tokenGuard is the guard token files are checked with: the caller's, or
// one that protects the state and the keystore.
func (opt Options) tokenGuard() *safefile.Guard {
	if opt.TokenFiles != nil {
		return opt.TokenFiles
	}
	root := ""
	if opt.Keystore != nil {
		root = opt.Keystore.Root
	}
	return safefile.NewGuard(opt.StatePath, root)
}

// samePlan checks that re-planning with real keys touches exactly the
// entities, with exactly the actions and claims, that the reviewed plan
// showed. made maps the keys just made to their entities: in got they
// are known keys, and read as their entities, as want's placeholders do.
func samePlan(want, got *planner.Plan, made map[string]string) error {
	if len(got.Pending) > 0 {
		return errors.New("internal error: keys still unknown after generating them")
	}
	if len(want.Changes) != len(got.Changes) {
		return fmt.Errorf("the plan changed while applying (%d changes planned, %d now); nothing was signed, run plan again", len(want.Changes), len(got.Changes))
	}
	signed := *got
	signed.Pending = made
	for i, c := range want.Changes {
		g := got.Changes[i]
		if c.Address != g.Address || c.Action != g.Action {
			return fmt.Errorf("the plan changed while applying (%s %c planned, %s %c now); nothing was signed, run plan again",
				c.Address, c.Action, g.Address, g.Action)
		}
		if want.SignedDigest(c) != signed.SignedDigest(g) {
			return fmt.Errorf("the plan changed while applying (%s would be signed with other claims than planned); nothing was signed, run plan again", c.Address)
		}
	}
	return nil
}
