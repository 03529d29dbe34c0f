package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Waivable is a rule the configuration breaks that an nsc store can
// break too (nsc keeps an import whose activation the exporter has since
// revoked): it is a warning while every entity it concerns keeps the JWT
// the state holds, and an error for a plan that would sign any of them
// (planner.waivedRules), so that a tree nsc accepted adopts to "No
// changes." without natsplan ever signing what the rule refuses.
type Waivable struct {
	Diag *hcl.Diagnostic // the warning, whose Summary and Detail the error repeats
	// Addresses are the entities the rule concerns: signing any of them
	// makes the warning an error.
	Addresses []string
}

// waivable reports a rule an nsc store can break: a warning here, and a
// Waivable for the planner to check against the state.
func (v *validator) waivable(rng hcl.Range, addrs []string, summary, format string, args ...any) {
	d := &hcl.Diagnostic{
		Severity: hcl.DiagWarning,
		Summary:  summary,
		Detail: fmt.Sprintf(format, args...) + " natsplan keeps the JWTs as they are, as an nsc store can hold this, " +
			"and refuses to sign " + orList(addrs) + " until it is fixed.",
		Subject: rng.Ptr(),
	}
	v.diags = append(v.diags, d)
	v.cfg.Waivable = append(v.cfg.Waivable, &Waivable{Diag: d, Addresses: addrs})
}

func orList(addrs []string) string {
	out := ""
	for i, a := range addrs {
		switch {
		case i == 0:
		case i == len(addrs)-1:
			out += " or "
		default:
			out += ", "
		}
		out += a
	}
	return out
}
