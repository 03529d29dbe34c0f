package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/planner"
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
