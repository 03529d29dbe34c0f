package main

import (
	"fmt"
	"strings"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// verifiedState is the one place `access` checks the state it analyses:
// the state is untrusted input, and an answer about claims that no
// server would accept from this operator is worse than none.
func verifiedState(st *state.State) error {
	problems := trust.State(st)
	if len(problems) == 0 {
		return nil
	}
	var b strings.Builder
	for i, p := range problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  ... and %d more", len(problems)-i)
			break
		}
		fmt.Fprintf(&b, "\n  %s", p)
	}
	return fmt.Errorf("the state does not verify, so its access is not analysed:%s\nRestore a sound copy (the backup, or the file from version control) and run plan", b.String())
}
