package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/fleet"
)

// The plan's Access changes section reads only what the change touches
// (access.PlanChanges); `access changes` builds both whole worlds. On a
// fleet, for a subject edit, renamed users (destroyed, revoked, new) and
// edits in several accounts at once, the two must print the same lines.
func TestPlanAccessChangesMatchTheWholeAnalysis(t *testing.T) {
	dir := t.TempDir()
	spec := fleet.Spec{Accounts: 12, Users: 3, Imports: 3}
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	edits := []fleet.Spec{
		{Accounts: 12, Users: 3, Imports: 3, Version: 1},
		{Accounts: 12, Users: 3, Imports: 3, Version: 1, Renamed: 1},
		{Accounts: 12, Users: 3, Imports: 3, Version: 2, Every: 5, Renamed: 2},
	}
	for _, next := range edits {
		if err := next.WriteFile(dir); err != nil {
			t.Fatal(err)
		}
		whole := mustRun(t, exitOK, dir, "access", "changes")
		if !strings.HasPrefix(whole, "Access changes:\n") {
			t.Fatalf("%+v: access changes found nothing:\n%s", next, whole)
		}
		plan := mustRun(t, exitOK, dir, "plan")
		i := strings.Index(plan, "\nAccess changes:\n")
		if i < 0 {
			t.Fatalf("%+v: the plan has no Access changes section:\n%s", next, plan)
		}
		if got := plan[i+1:]; got != whole {
			t.Errorf("%+v: the plan's section\n%s\ndiffers from access changes\n%s", next, got, whole)
		}
		js := mustRun(t, exitOK, dir, "plan", "-json")
		var doc struct {
			AccessChanges []struct {
				Change, Text string
			} `json:"access_changes"`
		}
		if err := json.Unmarshal([]byte(js), &doc); err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, c := range doc.AccessChanges {
			texts = append(texts, "  "+c.Text)
			if c.Change != map[byte]string{'+': "opens", '-': "closes"}[c.Text[0]] {
				t.Errorf("%q is marked %q", c.Text, c.Change)
			}
		}
		if got := "Access changes:\n" + strings.Join(texts, "\n") + "\n"; got != whole {
			t.Errorf("%+v: plan -json's access_changes\n%s\ndiffer from access changes\n%s", next, got, whole)
		}
		mustRun(t, exitOK, dir, "apply", "-auto-approve")
		if out := mustRun(t, exitOK, dir, "plan"); out != "No changes. The configuration matches the state.\n" {
			t.Fatalf("plan after apply:\n%s", out)
		}
	}
}

// An exporter that expired in the state and that the plan renews opens
// its importers' access again, though their own claims do not change:
// only the configuration's imports say who imports from it.
func TestPlanAccessChangesOfARenewedExporter(t *testing.T) {
	dir := workdir(t, "services")
	editConfig(t, dir, "account \"TestAccount\" {\n", "account \"TestAccount\" {\n  expires_in = \"1s\"\n")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	time.Sleep(2 * time.Second)
	plan := mustRun(t, exitOK, dir, "plan")
	if !strings.Contains(plan, "Plan: 0 to add, 1 to change, 0 to destroy.") || !strings.Contains(plan, "renewed: it expired") {
		t.Fatalf("the expired account is not renewed alone:\n%s", plan)
	}
	whole := mustRun(t, exitOK, dir, "access", "changes")
	want := []string{
		`  + account.AccountB.user.userb can request "help" in account.TestAccount (service srv, through public export)`,
		`  + account.AccountC.user.userc can request "help" in account.TestAccount (service phelp, through grant.phelp_to_c)`,
		`  + account.TestAccount.user.TestUser can connect`,
	}
	if got := "Access changes:\n" + strings.Join(want, "\n") + "\n"; whole != got {
		t.Errorf("access changes:\n%s\nwant\n%s", whole, got)
	}
	if i := strings.Index(plan, "\nAccess changes:\n"); i < 0 || plan[i+1:] != whole {
		t.Errorf("the plan's section differs from access changes\n%s\nplan:\n%s", whole, plan)
	}
	editConfig(t, dir, "  expires_in = \"1s\"\n", "")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); out != "No changes. The configuration matches the state.\n" {
		t.Fatalf("plan after apply:\n%s", out)
	}
}

// A state whose JWTs do not verify is not described: the section says
// so, and names the entity, rather than list access from forged claims.
func TestPlanAccessChangesRefuseAStateThatDoesNotVerify(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	path := filepath.Join(dir, defaultStatePath)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// AccountB's JWT becomes AccountC's: signed by the operator, but not
	// AccountB's claims.
	st := readState(t, dir)
	b, c := st.Get("account.AccountB").JWT, st.Get("account.AccountC").JWT
	forged := strings.Replace(string(raw), b, c, 1)
	writeFile(t, path, forged)
	editConfig(t, dir, `  service "phelp" {`, "  service \"status\" {\n    subject = \"status\"\n  }\n\n  service \"phelp\" {")
	code, out, errs := natsplan(t, dir, "plan")
	if code != exitOK {
		t.Fatalf("plan: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "\nAccess changes: not analysed: the state does not verify (account.AccountB: ") {
		t.Errorf("plan describes the access of a state that does not verify:\n%s", out)
	}
	if strings.Contains(out, "can request") || strings.Contains(out, "can connect") {
		t.Errorf("plan lists access from a forged state:\n%s", out)
	}
	js := mustRun(t, exitOK, dir, "plan", "-json")
	var doc struct {
		AccessChanges []json.RawMessage `json:"access_changes"`
		AccessNote    string            `json:"access_note"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.AccessChanges) != 0 || !strings.HasPrefix(doc.AccessNote, "not analysed: the state does not verify (account.AccountB: ") {
		t.Errorf("plan -json on a forged state: access_changes %s, access_note %q", doc.AccessChanges, doc.AccessNote)
	}
	if now, _ := os.ReadFile(path); string(now) != forged {
		t.Error("plan changed the state")
	}
}
