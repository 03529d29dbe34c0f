package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"
)

// TestGitHubActionsRecipe checks examples/ci/github-actions.yml: the
// pull-request job has no secret and no identity; the only secrets are
// the age identity of the apply job and the drift job's creds; and the
// natsplan commands it runs work, in its order, on the services example
// with the keystore sealed with age: plan a change to a saved plan with
// -check-keys and no identity (exit 2), show it, apply it with the
// identity, find no changes, and no seed is ever in plain text.
func TestGitHubActionsRecipe(t *testing.T) {
	b, err := os.ReadFile("../../examples/ci/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	recipe := string(b)
	_, jobs, ok1 := strings.Cut(recipe, "\njobs:\n")
	plan, rest, ok2 := strings.Cut(jobs, "\n  apply:\n")
	apply, drift, ok3 := strings.Cut(rest, "\n  drift:\n")
	if !ok1 || !ok2 || !ok3 {
		t.Fatal("no jobs, or not plan, apply and drift in that order")
	}
	if strings.Contains(plan, "secrets.") || strings.Contains(plan, "IDENTITY") {
		t.Error("the pull-request job can read the keystore")
	}
	if got := secretsIn(apply); !slices.Equal(got, []string{"NATSPLAN_AGE_IDENTITY"}) {
		t.Errorf("the apply job reads secrets %v, want the age identity only", got)
	}
	if got := secretsIn(drift); !slices.Equal(got, []string{"NATS_DRIFT_CREDS"}) {
		t.Errorf("the drift job reads secrets %v, want its creds only", got)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("NATSPLAN_KEYSTORE_AGE_RECIPIENT", id.Recipient().String())
	dir := workdir(t, "services")
	recipeCycle(t, dir, [3]string{plan, apply, drift}, id.String())
	// A change after the first apply: the keystore is sealed, the PR job
	// sees its keys without the identity, apply reads them with it.
	writeFile(t, filepath.Join(dir, "later.hcl"), "account \"Later\" {\n  user \"l\" {}\n}\n")
	recipeCycle(t, dir, [3]string{plan, apply, drift}, id.String())
	noPlainSeeds(t, dir)
}

// recipeCycle runs the recipe's plan job, its apply job, then its drift
// job's check that nothing is left to apply, in dir.
func recipeCycle(t *testing.T, dir string, jobs [3]string, identity string) {
	t.Helper()
	steps := []struct {
		job, cmd string
		code     int
		identity bool
	}{
		{jobs[0], "natsplan plan -markdown -detailed-exitcode -check-keys -out=natsplan.plan", exitChanges, false},
		{jobs[1], "natsplan show natsplan.plan", exitOK, false},
		{jobs[1], "natsplan apply natsplan.plan", exitOK, true},
		{jobs[2], "natsplan plan -detailed-exitcode", exitOK, false},
	}
	for _, s := range steps {
		if !strings.Contains(s.job, s.cmd) && !strings.Contains(s.job, strings.Replace(s.cmd, "apply ", "apply -push -server=\"${{ vars.NATS_URL }}\" ", 1)) {
			t.Errorf("the recipe does not run %q where expected", s.cmd)
		}
		os.Unsetenv("NATSPLAN_KEYSTORE_AGE_IDENTITY")
		if s.identity {
			t.Setenv("NATSPLAN_KEYSTORE_AGE_IDENTITY", identity)
		}
		out := mustRun(t, s.code, dir, strings.Fields(s.cmd)[1:]...)
		if s.cmd == steps[0].cmd && !strings.Contains(out, "### natsplan plan") {
			t.Errorf("the plan step writes no markdown plan:\n%s", out)
		}
	}
	os.Unsetenv("NATSPLAN_KEYSTORE_AGE_IDENTITY")
}

// secretsIn lists the secrets a job's text reads, sorted.
func secretsIn(job string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`secrets\.([A-Z_]+)`).FindAllStringSubmatch(job, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// noPlainSeeds fails if any file under dir holds a seed in plain text,
// or if the keystore holds no sealed pack (the scan would prove nothing).
func noPlainSeeds(t *testing.T, dir string) {
	t.Helper()
	sealed := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(path, ".keys.age") {
			sealed++
		}
		if b, err := os.ReadFile(path); err != nil || seedPattern.Match(b) {
			t.Errorf("%s holds a seed in plain text (or cannot be read: %v)", path, err)
		}
		return nil
	})
	if err != nil || sealed < 2 {
		t.Errorf("the keystore holds %d sealed packs, want one per apply (%v)", sealed, err)
	}
}
