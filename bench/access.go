package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// measureChangePlan times `plan` of the one-line change (the fleet's
// configuration already edited, not applied yet), which ends with its
// Access changes, and, in this process, that section alone: what plan
// adds to compute it (access.PlanChanges and the verification of the
// JWTs it read), on a plan made the way plan makes it.
func measureChangePlan(bin, dir string, repeat int, r *row) error {
	plan, err := best(repeat, bin, dir, "plan")
	if err != nil {
		return err
	}
	if !strings.Contains(plan.stdout, "\nAccess changes:\n") {
		return fmt.Errorf("the one-line change's plan has no Access changes:\n%.2000s", plan.stdout)
	}
	r.changePlan = plan.elapsed
	for i := range repeat {
		took, err := accessSection(dir)
		if err != nil {
			return err
		}
		if i == 0 || took < r.accessSection {
			r.accessSection = took
		}
	}
	return nil
}

// accessSection plans dir in this process, untimed, and returns how long
// the plan's Access changes section takes.
func accessSection(dir string) (time.Duration, error) {
	st, err := state.ReadLazy(filepath.Join(dir, "natsplan.state.json"))
	if err != nil {
		return 0, err
	}
	cfg, diags := lang.Load(dir, lang.LoadOptions{Keys: planner.StateKeys(st)})
	if diags.HasErrors() {
		return 0, diags
	}
	now := time.Now()
	p, diags := planner.New(cfg, st, nil, planner.At(now))
	if diags.HasErrors() {
		return 0, diags
	}
	start := time.Now()
	changes, loaded, err := access.PlanChanges(p, cfg, st, now)
	if err != nil {
		return 0, err
	}
	for _, addr := range loaded {
		if res := st.Get(addr); res != nil && res.JWT == "" {
			res.JWT, _ = res.LoadJWT()
		}
	}
	if problems := trust.Verify(st, loaded); len(problems) > 0 {
		return 0, fmt.Errorf("the state does not verify: %s", problems[0])
	}
	took := time.Since(start)
	if len(changes) == 0 {
		return 0, fmt.Errorf("the one-line change opens and closes nothing")
	}
	return took, nil
}

// printAccess writes the Access changes measurements.
func printAccess(w io.Writer, rows []row) {
	fmt.Fprintln(w, "\naccess: the one-line change's plan (ends with its Access changes), and that section alone, measured in")
	fmt.Fprintln(w, "process (access.PlanChanges and verifying the JWTs it read). Best of -repeat runs.")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "accounts\t1-line plan\tAccess changes\tshare of the plan\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.0f%%\t\n", r.accounts, secs(r.changePlan), secs(r.accessSection), 100*ratio(r.accessSection, r.changePlan))
	}
	tw.Flush()
}
