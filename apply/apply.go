package apply

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// Replanner re-runs the plan with the given keys, so that values that were
// "(known after apply)" become real. The CLI supplies one that reloads the
// configuration with these keys.
type Replanner func(keys func(address string) (string, bool)) (*planner.Plan, hcl.Diagnostics)

// Options configures one apply.
type Options struct {
	Keystore  *state.Keystore
	StatePath string
	Now       func() time.Time // defaults to time.Now
	// Progress, when set, is told how many entities have been signed.
	Progress func(done, total int)
	// Made holds the keys made while planning (KeyMaker), if any: the plan
	// uses them already, so it needs no re-plan.
	Made *KeyMaker
	// Checked says that Check accepted this plan and state already.
	Checked bool
}

// Result summarizes what an apply did.
type Result struct {
	State                     *state.State
	Added, Changed, Destroyed int
	KeysCreated               int
	Signed                    int
}

// Apply executes plan p against st and writes the new state.
func Apply(ctx context.Context, p *planner.Plan, st *state.State, replan Replanner, opt Options) (*Result, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	res := &Result{}
	if !opt.Checked {
		if err := Check(p, st, opt.Keystore); err != nil {
			return nil, err
		}
	}
	fresh, err := createKeys(ctx, p, st, opt.Keystore, opt.Made)
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
		if err := samePlan(p, final); err != nil {
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
	if err := writeTokenFiles(final, next); err != nil {
		return nil, err
	}
	if err := state.Write(opt.StatePath, next); err != nil {
		return nil, err
	}
	res.State = next
	return res, nil
}

// samePlan checks that re-planning with real keys touches exactly the
// entities, with exactly the actions, that the reviewed plan showed.
func samePlan(want, got *planner.Plan) error {
	if len(got.Pending) > 0 {
		return errors.New("internal error: keys still unknown after generating them")
	}
	if len(want.Changes) != len(got.Changes) {
		return fmt.Errorf("the plan changed while applying (%d changes planned, %d now); nothing was signed, run plan again", len(want.Changes), len(got.Changes))
	}
	for i, c := range want.Changes {
		g := got.Changes[i]
		if c.Address != g.Address || c.Action != g.Action {
			return fmt.Errorf("the plan changed while applying (%s %c planned, %s %c now); nothing was signed, run plan again",
				c.Address, c.Action, g.Address, g.Action)
		}
	}
	return nil
}
