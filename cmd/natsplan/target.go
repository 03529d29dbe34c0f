package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// targetList is the repeatable -target flag.
type targetList []string

func (t *targetList) String() string { return strings.Join(*t, ",") }

func (t *targetList) Set(v string) error {
	*t = append(*t, v)
	return nil
}

// targetFlag adds -target to plan and apply.
func (ws *workspace) targetFlag(fs *flag.FlagSet) {
	fs.Var((*targetList)(&ws.targets), "target", "plan only the entity at `ADDRESS` and the changes it needs (repeatable); the plan is partial")
}

// replaceFlag adds -replace to plan and apply.
func (ws *workspace) replaceFlag(fs *flag.FlagSet) {
	fs.Var((*targetList)(&ws.replace), "replace", "give the user or account at `ADDRESS` a new key; the old one is revoked, or deleted on push (repeatable; creds that leaked)")
}

// stateKeys are the keys of st that the configuration is loaded with:
// those -replace names are forgotten, so the entity gets a new key.
func (ws *workspace) stateKeys(st *state.State) func(string) (string, bool) {
	return planner.ForgetReplaced(planner.StateKeys(st), st, ws.replace)
}

// planOptions are the options every plan of this command is made with.
func (ws *workspace) planOptions(more ...planner.Option) []planner.Option {
	return append([]planner.Option{planner.At(ws.now), planner.Replacing(ws.replace)}, more...)
}

// target narrows p to ws.targets (planner.Plan.Target), when given.
func (ws *workspace) target(p *planner.Plan, diags hcl.Diagnostics) (*planner.Plan, hcl.Diagnostics) {
	if len(ws.targets) == 0 {
		return p, diags
	}
	narrow, err := p.Target(ws.targets)
	if err != nil {
		return p, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid target", Detail: err.Error()})
	}
	ws.leftOut = len(p.Changes) - len(narrow.Changes)
	return narrow, diags
}

// partialWarning says a plan is partial, after it is shown.
func (ws *workspace) partialWarning() {
	if len(ws.targets) == 0 {
		return
	}
	fmt.Fprintf(ws.c.stderr, "\nWarning: this plan is partial: -target=%s limits it to that and the changes it needs; "+
		"%d other changes are left as they are, for a later plan, which shows them.\n", strings.Join(ws.targets, ",-target="), ws.leftOut)
}
