package apply

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// workspace is a state file and a keystore in a temporary directory, for
// applying configurations the way the CLI does.
type workspace struct {
	t         *testing.T
	statePath string
	ks        *state.Keystore
}

func newWorkspace(t *testing.T) *workspace {
	dir := t.TempDir()
	ks, err := state.OpenKeystore(filepath.Join(dir, ".natsplan", "keys"))
	if err != nil {
		t.Fatal(err)
	}
	return &workspace{t: t, statePath: filepath.Join(dir, "natsplan.state.json"), ks: ks}
}

// plan loads config (one file's content) against the current state.
func (w *workspace) plan(config string) (*planner.Plan, *state.State, Replanner) {
	w.t.Helper()
	p, st, replan, diags := w.tryPlan(config)
	if diags.HasErrors() {
		w.t.Fatal(diags)
	}
	return p, st, replan
}

// tryPlan is plan, returning the plan's diagnostics.
func (w *workspace) tryPlan(config string) (*planner.Plan, *state.State, Replanner, hcl.Diagnostics) {
	w.t.Helper()
	st, err := state.Read(w.statePath)
	if err != nil {
		w.t.Fatal(err)
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
	return p, st, load, diags
}

// applyOrRefuse plans and applies config, returning the plan's errors or
// else Apply's error: a refusal at either step.
func (w *workspace) applyOrRefuse(config string) error {
	w.t.Helper()
	p, st, replan, diags := w.tryPlan(config)
	if diags.HasErrors() {
		return diags
	}
	_, err := Apply(context.Background(), p, st, replan, Options{Keystore: w.ks, StatePath: w.statePath})
	return err
}

// apply plans and applies config, returning Apply's error.
func (w *workspace) apply(config string) error {
	w.t.Helper()
	p, st, replan := w.plan(config)
	_, err := Apply(context.Background(), p, st, replan, Options{Keystore: w.ks, StatePath: w.statePath})
	return err
}

func (w *workspace) mustApply(config string) *state.State {
	w.t.Helper()
	if err := w.apply(config); err != nil {
		w.t.Fatal(err)
	}
	return w.read()
}

func (w *workspace) read() *state.State {
	w.t.Helper()
	st, err := state.Read(w.statePath)
	if err != nil {
		w.t.Fatal(err)
	}
	return st
}

// write saves st as it is, as a hand edit of the state file would.
func (w *workspace) write(st *state.State) {
	w.t.Helper()
	if err := state.Write(w.statePath, st); err != nil {
		w.t.Fatal(err)
	}
}

func servicesConfig(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("..", "examples", "services", "main.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
