package main

import (
	"fmt"

	"github.com/natsplan/natsplan/planner"
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
	df := c.driftFlags(fs)
	if _, ok := parse(fs, args); !ok || !format.valid(c) {
		return exitError
	}
	ws.prefetch() // parse the configuration while the state is read
	read := ws.planState
	if df.active() {
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
	p, cfg, ok := ws.plan(st)
	if !ok {
		return exitError
	}
	if !format.write(ws, st, cfg, p) {
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
