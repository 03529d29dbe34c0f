package main

import (
	"fmt"

	"github.com/natsplan/natsplan/apply"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// cmdPlan prints what apply would do. It reads config and state only: no
// keystore, no lock, no writes except the -out file, so it can run in an
// untrusted pull-request job. Only -server or -refresh-only (drift.go) make
// it ask servers what they hold, signing in with -creds or with a user
// signed by the system account's key from the keystore.
func cmdPlan(c *cli, args []string) int {
	fs := c.flags("plan")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	out := fs.String("out", "", "write the plan to this file, for apply")
	format := planFormatFlags(fs, "machine-readable output")
	detailed := fs.Bool("detailed-exitcode", false, "exit 0 for no changes, 2 for changes, 1 for errors")
	checkKeys := fs.Bool("check-keys", false, "check that the keystore or -signer holds every key that signs this plan's changes (reads no seed, writes nothing)")
	df := c.driftFlags(fs)
	ws.targetFlag(fs)
	ws.replaceFlag(fs)
	destroy := fs.Bool("destroy", false, "show what removing every entity would do (prevent_destroy still holds); cannot be saved with -out")
	fs.Bool("input", true, "plan never asks for input; accepted, as terraform plan accepts it, for scripts that pass -input=false")
	if _, ok := parse(fs, args); !ok || !format.valid(c) {
		return exitError
	}
	if len(ws.targets) > 0 && (*out != "" || *destroy) {
		c.errorf("plan -target cannot be combined with -out or -destroy: a saved plan binds every change, and apply PLANFILE takes no -target")
		return exitError
	}
	if *destroy && (*out != "" || df.active()) {
		c.errorf("plan -destroy cannot be combined with -out, -server or -refresh-only: it only shows what removing everything would do")
		return exitError
	}
	ws.prefetch() // parse the configuration while the state is read
	read := ws.planState
	if df.active() || *destroy {
		read = ws.state // drift compares the servers' JWTs with the state's
	}
	st, ok := read()
	if !ok {
		return exitError
	}
	drifted, ok := df.show(ws, st, format.json)
	if !ok {
		return exitError
	}
	if df.refreshOnly {
		return df.exit(drifted, *detailed)
	}
	plan := ws.plan
	if *destroy {
		plan = ws.destroyPlan
	}
	p, cfg, ok := plan(st)
	if !ok {
		return exitError
	}
	if !format.write(ws, st, cfg, p) {
		return exitError
	}
	if *destroy && format.text() {
		fmt.Fprintln(c.stdout, "\nThis is what removing every entity would do (plan -destroy). apply has no -destroy: "+
			"to do it, remove the blocks from the configuration and apply.")
	}
	ws.partialWarning()
	if format.text() && !warnStillSigned(ws, df, st, p) { // dropped_keys.go
		return exitError
	}
	if !*checkKeys {
		warnMissingKeys(ws, p, format.text()) // plan_keys.go
	} else if !checkPlanKeys(ws, p) {
		return exitError
	}
	if *out != "" {
		if err := savePlan(ws, c.path(*out), p); err != nil {
			c.errorf("saving plan: %v", err)
			return exitError
		}
		if format.text() {
			fmt.Fprintf(c.stdout, "\nSaved the plan to %s. To perform exactly these actions, run:\n    natsplan apply %s\n", *out, *out)
		}
	}
	if *detailed && (!p.Empty() || drifted) {
		return exitChanges
	}
	return exitOK
}

// savePlan writes the saved plan, never over the state or into the
// keystore: plan runs in pull-request jobs, whose flags may come from the
// pull request.
func savePlan(ws *workspace, path string, p *planner.Plan) error {
	if err := ws.guard().Check(path); err != nil {
		return err
	}
	return planner.WriteSaved(path, p.Save())
}

// destroyPlan is the plan of a configuration that declares nothing: what
// removing every entity would do. The configuration is still loaded and
// must be valid, as terraform plan -destroy requires; prevent_destroy is
// checked against the state, which records it.
func (ws *workspace) destroyPlan(st *state.State) (*planner.Plan, *lang.Config, bool) {
	cfg, diags := ws.loadFor(st)
	if diags.HasErrors() {
		ws.diagnostics(cfg, diags)
		return nil, cfg, false
	}
	none := &lang.Config{Sources: cfg.Sources, Digest: cfg.Digest, Pending: map[string]string{}}
	p, more := planner.New(none, st, nil, planner.At(ws.now))
	diags = append(diags, more...)
	ws.diagnostics(cfg, diags)
	return p, cfg, !diags.HasErrors()
}

// checkPlanKeys says, for a pull-request job, whether apply would find
// every key that signs the plan's changes (apply.MissingSigners): the
// keys are looked up, never read.
func checkPlanKeys(ws *workspace, p *planner.Plan) bool {
	keys, ok := ws.readCustody()
	if !ok {
		return false
	}
	defer ws.closeCustody()
	if missing := apply.MissingSigners(p, keys); len(missing) > 0 {
		ws.c.errorf("%v", trust.Error("apply would refuse this plan: keys that sign what it changes are not at hand ("+keys.Where()+"):",
			missing, "Bring each key named into the keystore or the signer that apply uses, or change the configuration so that a key at hand signs."))
		return false
	}
	fmt.Fprintf(ws.c.stderr, "Every key that signs this plan's changes is at hand (%s).\n", keys.Where())
	return true
}
