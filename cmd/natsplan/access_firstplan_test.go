package main

import (
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/fleet"
)

// A first plan larger than firstPlanListed does not compute its access
// changes, which would cost more than the plan: all access is new, and
// the section says so and where to see it.
func TestLargeFirstPlanDoesNotListAccess(t *testing.T) {
	spec := fleet.Standard(100) // 1,102 entities
	dir := t.TempDir()
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, exitOK, dir, "plan")
	if !strings.Contains(out, "Access changes: not listed for a first apply of 1102 entities, where all access is new: natsplan access -planned lists it") {
		t.Fatalf("a large first plan lists its access, or does not say why it does not:\n%s", out[max(0, len(out)-500):])
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
}
