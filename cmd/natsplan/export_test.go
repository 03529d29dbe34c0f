package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/state"
)

// The way back: export writes the adopted state as an nsc store that is
// the one nsc wrote, file for file (same paths, same bytes), with every
// seed in nsc's layout; adopting the export gives the same state.
func TestExportNscIsTheStoreNscWrote(t *testing.T) {
	dir, nsc := adoptDirs(t)
	mustRun(t, exitOK, dir, "adopt", "-nsc="+filepath.Join(nsc, "store"), "-keys="+filepath.Join(nsc, "keys"))
	out := filepath.Join(t.TempDir(), "back")
	got := mustRun(t, exitOK, dir, "export", "-nsc="+filepath.Join(out, "stores"), "-keys="+filepath.Join(out, "keys"))
	if !strings.Contains(got, "(4 accounts, 5 users) and 11 keys") {
		t.Fatalf("export said:\n%s", got)
	}
	sameTree(t, filepath.Join(nsc, "store"), filepath.Join(out, "stores"))
	sameTree(t, filepath.Join(nsc, "keys", "keys"), filepath.Join(out, "keys", "keys"))

	// Exporting again over it is refused: an nsc store is never overwritten.
	before := snapshot(t, out)
	code, _, errs := natsplan(t, dir, "export", "-nsc="+filepath.Join(out, "stores"), "-keys="+filepath.Join(out, "keys"))
	if code != exitError || !strings.Contains(errs, "exists already; natsplan never overwrites an nsc store") {
		t.Fatalf("second export: exit %d, %s", code, errs)
	}
	sameSnapshot(t, "the exported store", before, snapshot(t, out))

	again := adoptExport(t, out)
	sameJWTs(t, readState(t, dir), readState(t, again))
}

// A project natsplan built goes to nsc and comes back unchanged.
func TestExportNscOfAnAppliedProject(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	out := filepath.Join(t.TempDir(), "nsc")
	mustRun(t, exitOK, dir, "export", "-nsc="+filepath.Join(out, "stores"), "-keys="+filepath.Join(out, "keys"))
	for _, f := range []string{"Test/.nsc", "Test/Test.jwt", "Test/accounts/AccountC/AccountC.jwt", "Test/accounts/AccountC/users/userc.jwt"} {
		if _, err := os.Stat(filepath.Join(out, "stores", filepath.FromSlash(f))); err != nil {
			t.Errorf("the export lacks %s: %v", f, err)
		}
	}
	again := adoptExport(t, out)
	sameJWTs(t, readState(t, dir), readState(t, again))
}

// adoptExport adopts the store exported to out into a new project, which
// must plan as no changes, and returns the project.
func adoptExport(t *testing.T, out string) string {
	t.Helper()
	dir := t.TempDir()
	mustRun(t, exitOK, dir, "adopt", "-nsc="+filepath.Join(out, "stores"), "-keys="+filepath.Join(out, "keys"))
	if got := mustRun(t, exitOK, dir, "plan"); !strings.Contains(got, "No changes.") {
		t.Fatalf("plan after adopting the export:\n%s", got)
	}
	return dir
}

// sameTree checks that two directories hold the same files, byte for byte.
func sameTree(t *testing.T, want, got string) {
	t.Helper()
	w, g := snapshot(t, want), snapshot(t, got)
	for p, b := range w {
		rel, _ := filepath.Rel(want, p)
		if g[filepath.Join(got, rel)] != b {
			t.Errorf("%s differs or is missing in %s", rel, got)
		}
	}
	if len(g) != len(w) {
		t.Errorf("%s holds %d files, %s %d", got, len(g), want, len(w))
	}
}

// sameJWTs checks that two states hold the same entities with the same
// JWTs, grants aside: their names are the configuration's, and their
// tokens are inside the importers' JWTs, which are compared.
func sameJWTs(t *testing.T, a, b *state.State) {
	t.Helper()
	n := 0
	for addr, r := range a.Resources {
		if r.Kind == state.KindGrant {
			continue
		}
		n++
		if o := b.Get(addr); o == nil || o.JWT != r.JWT {
			t.Errorf("%s: not the same JWT after the round trip", addr)
		}
	}
	for addr, r := range b.Resources {
		if r.Kind != state.KindGrant && a.Get(addr) == nil {
			t.Errorf("%s: appeared in the round trip", addr)
		}
	}
	if n == 0 {
		t.Fatal("no entities compared")
	}
}
