package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/nsctest"
)

// A store nsc accepted that natsplan's validation refuses (an import
// whose activation the exporter revoked) adopts to "No changes.", with
// the finding as a warning from adopt and from every plan; an apply that
// would sign the importer refuses with the rule as an error and changes
// nothing.
func TestAdoptRevokedActivationWarns(t *testing.T) {
	dir := t.TempDir()
	s := nsctest.RevokedActivation(t, t.TempDir())
	const warning = "Warning: Import of a revoked activation"
	code, _, errs := natsplan(t, dir, "adopt", "-nsc="+s.Root, "-keys="+s.Keys)
	if code != exitOK || !strings.Contains(errs, "Warning: adopted.hcl:10: Import of a revoked activation") {
		t.Fatalf("adopt: exit %d, stderr:\n%s", code, errs)
	}
	code, out, errs := natsplan(t, dir, "plan")
	if code != exitOK || !strings.Contains(out, "No changes.") || !strings.Contains(errs, warning) {
		t.Fatalf("plan: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}

	path := filepath.Join(dir, "adopted.hcl")
	cfg, _ := os.ReadFile(path)
	writeFile(t, path, strings.Replace(string(cfg), "account \"App\" {\n", "account \"App\" {\n  description = \"edited\"\n", 1))
	statePath := filepath.Join(dir, defaultStatePath)
	before, _ := os.ReadFile(statePath)
	code, _, errs = natsplan(t, dir, "apply", "-auto-approve")
	if code != exitError || !strings.Contains(errs, "This plan would sign account.App, which this rule refuses") {
		t.Fatalf("apply of an edit of the importer: exit %d, stderr:\n%s", code, errs)
	}
	if after, _ := os.ReadFile(statePath); string(after) != string(before) {
		t.Fatal("the refused apply changed the state")
	}

	writeFile(t, path, string(cfg))
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after undoing the edit:\n%s", out)
	}
}

// An account adopted without its seed: adopt tells the user to run plan
// -check-keys, and a plan whose change needs that key says so in its
// text without the flag, reading the keystore only (nothing in it
// changes). plan -check-keys fails on it.
func TestAdoptKeylessPlanNamesMissingKey(t *testing.T) {
	dir, nsc := adoptDirs(t)
	const accountB = "AAZIF6SOXH6LPWW3QNPQFFJFDT5RDQ6A2O5D4VZGKXSSN4NM43GDXCWO"
	if err := os.Remove(filepath.Join(nsc, "keys", "keys", "A", "AZ", accountB+".nk")); err != nil {
		t.Fatal(err)
	}
	_, _, errs := natsplan(t, dir, "adopt", "-nsc="+filepath.Join(nsc, "store"), "-keys="+filepath.Join(nsc, "keys"))
	if !strings.Contains(errs, "Run natsplan plan -check-keys before each apply") {
		t.Fatalf("adopt does not point to plan -check-keys:\n%s", errs)
	}
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") || strings.Contains(out, "would refuse") {
		t.Fatalf("plan after adopt:\n%s", out)
	}

	path := filepath.Join(dir, "adopted.hcl")
	cfg, _ := os.ReadFile(path)
	writeFile(t, path, strings.Replace(string(cfg), "account \"AccountB\" {\n", "account \"AccountB\" {\n  user \"newu\" {}\n", 1))
	keystore := snapshot(t, filepath.Join(dir, ".natsplan"))
	out := mustRun(t, exitOK, dir, "plan")
	want := "account `AccountB` identity key (" + accountB + ") is needed to sign account.AccountB.user.newu"
	if !strings.Contains(out, "Warning: apply would refuse this plan") || !strings.Contains(out, want) {
		t.Fatalf("plan of a change that needs the missing key:\n%s", out)
	}
	sameSnapshot(t, "the keystore", keystore, snapshot(t, filepath.Join(dir, ".natsplan")))
	if code, _, errs := natsplan(t, dir, "plan", "-check-keys"); code != exitError || !strings.Contains(errs, want) {
		t.Fatalf("plan -check-keys: exit %d, stderr:\n%s", code, errs)
	}

	writeFile(t, path, string(cfg))
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after undoing the edit:\n%s", out)
	}
}
