package trust

import (
	"errors"
	"fmt"
	"strings"
)

// Problem is something in a state that cannot be believed, and why.
type Problem struct {
	Address string
	Reason  string
}

func (p Problem) String() string { return p.Address + ": " + p.Reason }

// Recover is what to do about a state with problems, for messages.
const Recover = "The state may have been edited by hand or damaged: restore a sound copy " +
	"(the backup, state file + \".backup\", or the file from version control), " +
	"check it with `natsplan validate -state`, and run plan again."

// Error joins problems into one error for a refused command: intro, the
// first ten problems one per line, then hint.
func Error(intro string, problems []Problem, hint string) error {
	var b strings.Builder
	b.WriteString(intro)
	for i, p := range problems {
		if i == 10 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(problems)-i)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	if hint != "" {
		b.WriteString("\n" + hint)
	}
	return errors.New(b.String())
}
