// Package review finds the changes of a plan that a reviewer must not
// miss: keys replaced, revocations, deletions, new or widened access
// (imports, activations, exports made public, new signing keys),
// permissions widened, limits raised to unlimited and expiries removed.
//
// It reads only the plan's claims-level diff (planner.Change.Diff), the
// same lines every renderer shows, so a finding always points at a line
// the reviewer can read. It decides nothing and changes nothing; view
// puts the findings first in the markdown plan (view.PlanMarkdown).
//
// An action it does not know (a kind of change added later) is a
// finding of its own: unknown is never quiet.
package review
