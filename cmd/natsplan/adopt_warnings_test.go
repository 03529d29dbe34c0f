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
