package apply

import (
	"fmt"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/trust"
)

// refuseUnusableSigners refuses a plan that signs anything with a signing
// key the configuration marks retire or compromised. The planner never
// picks one (lang skips them, and refuses a signed_by naming one); this is
// the same rule where the signing is, against a plan that was tampered
// with or a state whose keys were swapped.
func refuseUnusableSigners(p *planner.Plan) error {
	var problems []trust.Problem
	for _, c := range p.Changes {
		if c.Action == planner.Delete || c.Desired == nil {
			continue
		}
		if u, ok := p.UnusableSigner(c.Desired); ok {
			word := "retiring"
			if u.State == planner.RotationCompromised {
				word = "compromised"
			}
			problems = append(problems, trust.Problem{Address: c.Address, Reason: fmt.Sprintf(
				"it would be signed by %s (%s), which the configuration marks %s", u.Address, c.Desired.SignerKey, word)})
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return trust.Error("refusing to apply: it would sign with a signing key that signs nothing from now on:", problems,
		"Nothing was signed and the state was not changed. Plan again: the planner re-signs with the key the signed_by "+
			"rules pick now; if it still shows this, the state's signing keys were edited ("+trust.Recover+").")
}
