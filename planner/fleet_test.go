package planner

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/state"
)

// fleetConfig is n accounts, each with two users and a service that the
// next account imports: enough accounts for several build workers.
func fleetConfig(n int, changedSubject string) string {
	var b strings.Builder
	b.WriteString("operator \"O\" { system_account = account.SYS }\naccount \"SYS\" {}\n")
	for i := range n {
		subject := fmt.Sprintf("svc.%d", i)
		if i == n/2 && changedSubject != "" {
			subject = changedSubject
		}
		fmt.Fprintf(&b, "account \"A%04d\" {\n  user \"u1\" {}\n  user \"u2\" {}\n  service \"s\" { subject = %q }\n", i, subject)
		if i > 0 {
			fmt.Fprintf(&b, "  import \"prev\" { service = account.A%04d.service.s }\n", i-1)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// Accounts are built by several workers at once (more than accountChunk
// accounts): the plan must still be complete, planning the applied state
// again must find nothing, and one changed subject must touch exactly the
// exporter and its importer.
func TestFleetPlannedByWorkers(t *testing.T) {
	n := 3*accountChunk + 7
	first := planFor(t, fleetConfig(n, ""), state.New())
	if add, _, _ := first.Counts(); add != 2+3*n {
		t.Fatalf("%d to add, want %d", add, 2+3*n)
	}
	st := pretendApplied(t, first)
	if again := planFor(t, fleetConfig(n, ""), st); !again.Empty() {
		t.Fatalf("planning the applied fleet again: %v", changed(again)[:min(5, len(changed(again)))])
	}
	edit := planFor(t, fleetConfig(n, "svc.changed"), st)
	want := []string{fmt.Sprintf("~ account.A%04d", n/2), fmt.Sprintf("~ account.A%04d", n/2+1)}
	if got := changed(edit); !slices.Equal(got, want) {
		t.Fatalf("one subject changed: %v, want %v", got, want)
	}
}
