package planner

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/natsplan/natsplan/state"
)

// lazily returns st as natsplan plan reads it: written to a file and read
// back with state.ReadLazy, every JWT left in the file.
func lazily(t *testing.T, st *state.State) *state.State {
	t.Helper()
	path := filepath.Join(t.TempDir(), "natsplan.state.json")
	cp := *st // Write sets the serial (and lineage) of what it writes
	if err := state.Write(path, &cp); err != nil {
		t.Fatal(err)
	}
	lazy, err := state.ReadLazy(path)
	if err != nil {
		t.Fatal(err)
	}
	for addr, r := range lazy.Resources {
		if r.JWT != "" {
			t.Fatalf("ReadLazy kept the JWT of %s", addr)
		}
	}
	return lazy
}

// sameWhenLazy fails unless plan, made against st read lazily, changes
// the same entities as p, for the same reasons, with the same diffs. The
// helpers the planner's tests plan with call it, so that every scenario
// (updates, deletions, renewals, cascades) runs both ways.
func sameWhenLazy(t *testing.T, st *state.State, p *Plan, plan func(*state.State) *Plan) {
	t.Helper()
	lp := plan(lazily(t, st))
	if got, want := described(lp), described(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("planning against the state read lazily gives\n%+v\nnot\n%+v", got, want)
	}
}

// describedChange is what a reviewer reads of a change.
type describedChange struct {
	Address string
	Action  Action
	Reasons []string
	Diff    []AttrDiff
}

func described(p *Plan) []describedChange {
	out := make([]describedChange, len(p.Changes))
	for i, c := range p.Changes {
		out[i] = describedChange{c.Address, c.Action, c.Reasons, c.Diff}
	}
	return out
}
