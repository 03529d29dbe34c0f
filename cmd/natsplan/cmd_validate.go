package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/view"
)

// cmdValidate checks the configuration as plan does, without printing a
// plan: it reads the state (NATSPLAN_STATE or natsplan.state.json, or the
// file -state names) for the keys of the entities that exist, and runs
// the same load and planner checks (workspace.check), so that validate
// and plan agree on every configuration. No keystore, no lock, no
// writes. With -state it also verifies every JWT in the state
// (validate_state.go).
func cmdValidate(c *cli, args []string) int {
	fs := c.flags("validate")
	asJSON := fs.Bool("json", false, "machine-readable output")
	noColor := fs.Bool("no-color", false, "plain output")
	vars := c.varFlags(fs)
	withState := newStateCheck(fs)
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	ws := &workspace{c: c, now: time.Now(), vars: vars, statePath: envOr("NATSPLAN_STATE", defaultStatePath),
		keystoreDir: envOr("NATSPLAN_KEYSTORE", defaultKeystore)}
	if withState.path != "" {
		ws.statePath = withState.path
	}
	st, diags := readStateForCheck(c.path(ws.statePath))
	_, cfg, more := ws.check(st)
	diags = append(diags, more...)
	verified := 0
	if withState.path != "" {
		more, verified = withState.verify(c)
		diags = append(diags, more...)
	}
	if *asJSON {
		if err := view.DiagnosticsJSON(c.stdout, diags); err != nil {
			c.errorf("%v", err)
		}
		return exitCode(diags)
	}
	view.Diagnostics(c.stderr, cfg.DiagnosticFiles(diags), diags, !*noColor && colorOn(c.stderr))
	if !diags.HasErrors() {
		fmt.Fprintln(c.stdout, "Success! The configuration is valid.")
		if withState.path != "" {
			fmt.Fprintf(c.stdout, "The state's %d JWTs verify.\n", verified)
		}
	}
	return exitCode(diags)
}

// readStateForCheck reads the state as plan does (its JWTs left in the
// file); a state that cannot be read is an error, as it is for plan, and
// the configuration is then checked against an empty state.
func readStateForCheck(path string) (*state.State, hcl.Diagnostics) {
	st, err := state.ReadLazy(path)
	if err == nil {
		return st, nil
	}
	summary := "Cannot read the state"
	var ce *state.CorruptError
	if errors.As(err, &ce) {
		summary = "Corrupt state file"
	}
	return state.New(), hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary,
		Detail: fmt.Sprintf("%v. plan would stop here too: restore a sound state (the backup, or the file from version control).", err)}}
}

func exitCode(diags hcl.Diagnostics) int {
	if diags.HasErrors() {
		return exitError
	}
	return exitOK
}
