package main

import (
	"fmt"
	"strings"

	"github.com/natsplan/natsplan/apply"
	"github.com/natsplan/natsplan/state"
)

// verifiedState is the one place `access` checks the state it analyses:
// the state is untrusted input, and an answer about claims that no
// server would accept from this operator is worse than none. Verification
// is moving to a package of its own; this is the only call to change.
func verifiedState(st *state.State) error {
	problems := apply.VerifyState(st)
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
