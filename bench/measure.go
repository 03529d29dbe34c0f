package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/natsplan/natsplan/internal/fleet"
)

// row is what the table shows for one fleet.
type row struct {
	accounts, entities int
	stateBytes         int64

	floor, coldApply time.Duration
	coldRSS          int64

	plan, verify time.Duration
	planRSS      int64

	changeSigned int
	change       time.Duration

	// the one-line change's plan, and its Access changes section alone
	// (access.go)
	changePlan, accessSection time.Duration

	// adopt of the fleet as an nsc store, and the first plan after it
	// (zero above adoptLimit accounts).
	adopt, adoptPlan time.Duration
	adoptRSS         int64

	// the same with the state in a JetStream bucket, one row a setup
	// (none below kvLimit)
	kv []*kvRow
}

var signedRE = regexp.MustCompile(`JWTs signed: (\d+)\.`)

// measure runs every measurement on a fleet of n accounts in dir.
func measure(bin, dir string, n, repeat int) (row, error) {
	spec := fleet.Standard(n)
	r := row{accounts: n, entities: spec.Entities()}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return r, err
	}
	if err := spec.WriteFile(dir); err != nil {
		return r, err
	}
	var err error
	runs := repeat
	if n < 1000 {
		// Tens of milliseconds each: a few milliseconds of noise would
		// decide the ratio, so both sides get more runs to take the best of.
		runs = 3 * repeat
	}
	if r.floor, err = bestFloor(runs, spec); err != nil {
		return r, err
	}
	if err := coldApply(bin, dir, runs, &r); err != nil {
		return r, err
	}
	plan, err := best(repeat, bin, dir, "plan")
	if err != nil {
		return r, err
	}
	if plan.stdout != "No changes. The configuration matches the state.\n" {
		return r, fmt.Errorf("plan after apply is not empty:\n%.2000s", plan.stdout)
	}
	r.plan, r.planRSS = plan.elapsed, plan.peakRSS
	statePath := filepath.Join(dir, "natsplan.state.json")
	if fi, err := os.Stat(statePath); err == nil {
		r.stateBytes = fi.Size()
	}
	if r.verify, err = verifyAll(statePath); err != nil {
		return r, err
	}
	if err := measureAdopt(bin, dir, n, repeat, &r); err != nil {
		return r, fmt.Errorf("adopt: %w", err)
	}
	if err := measureKV(bin, filepath.Join(dir, "nats"), spec, runs, repeat, &r); err != nil {
		return r, fmt.Errorf("state on NATS: %w", err)
	}
	return r, oneLineChange(bin, dir, spec, repeat, &r)
}

// coldApply applies the fleet from nothing (no state, no keys) repeat
// times and keeps the fastest run, as the floor does: on a shared machine
// single runs of either vary by more than the goal's margin.
func coldApply(bin, dir string, repeat int, r *row) error {
	for i := range repeat {
		for _, p := range []string{"natsplan.state.json", "natsplan.state.json.backup", ".natsplan"} {
			if err := os.RemoveAll(filepath.Join(dir, p)); err != nil {
				return err
			}
		}
		apply, err := natsplan(bin, dir, "apply", "-auto-approve")
		if err != nil {
			return err
		}
		if i == 0 || apply.elapsed < r.coldApply {
			r.coldApply, r.coldRSS = apply.elapsed, apply.peakRSS
		}
	}
	return nil
}

// oneLineChange edits one service's subject, plans and applies.
func oneLineChange(bin, dir string, spec fleet.Spec, repeat int, r *row) error {
	spec.Version = 1 // Every 0: only account 0's service
	if err := spec.WriteFile(dir); err != nil {
		return err
	}
	if err := measureChangePlan(bin, dir, repeat, r); err != nil {
		return err
	}
	res, err := natsplan(bin, dir, "apply", "-auto-approve")
	if err != nil {
		return err
	}
	m := signedRE.FindStringSubmatch(res.stdout)
	if m == nil {
		return fmt.Errorf("apply did not say how many JWTs it signed:\n%.2000s", res.stdout)
	}
	r.changeSigned, _ = strconv.Atoi(m[1])
	r.change = res.elapsed
	return nil
}
