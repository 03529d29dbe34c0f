package main

import (
	"os"
	"strings"
	"testing"
)

// TestGitHubActionsRecipe checks examples/ci/github-actions.yml: no
// secret but the keystore of the apply and drift jobs, and the natsplan
// commands it runs work, in its order, on the services example: plan a
// change to a saved plan (exit 2), show it, apply it, find no changes.
func TestGitHubActionsRecipe(t *testing.T) {
	b, err := os.ReadFile("../../examples/ci/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	recipe := string(b)
	if strings.Contains(recipe, "secrets.") {
		t.Error("the recipe reads a GitHub secret; only the keystore runner's files may hold one")
	}
	_, jobs, ok1 := strings.Cut(recipe, "\njobs:\n")
	plan, rest, ok2 := strings.Cut(jobs, "\n  apply:\n")
	if !ok1 || !ok2 {
		t.Fatal("no jobs, or no apply job after the plan job")
	}
	if strings.Contains(plan, "NATSPLAN_KEYSTORE") || strings.Contains(plan, "self-hosted") {
		t.Error("the pull-request job can reach the keystore")
	}
	steps := []struct {
		job, cmd string
		code     int
	}{
		{plan, "natsplan plan -markdown -detailed-exitcode -out=natsplan.plan", exitChanges},
		{rest, "natsplan show natsplan.plan", exitOK},
		{rest, "natsplan apply natsplan.plan", exitOK},
		{rest, "natsplan plan -detailed-exitcode", exitOK},
	}
	dir := workdir(t, "services")
	for _, s := range steps {
		if !strings.Contains(s.job, s.cmd) && !strings.Contains(s.job, strings.Replace(s.cmd, "apply ", "apply -push -server=\"${{ vars.NATS_URL }}\" ", 1)) {
			t.Errorf("the recipe does not run %q where expected", s.cmd)
		}
		out := mustRun(t, s.code, dir, strings.Fields(s.cmd)[1:]...)
		if s.cmd == steps[0].cmd && !strings.Contains(out, "### natsplan plan") {
			t.Errorf("the plan step writes no markdown plan:\n%s", out)
		}
	}
}
