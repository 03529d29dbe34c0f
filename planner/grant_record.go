package planner

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// A removed or re-targeted grant is revoked on the export its state
// record names, by block label. The state alone cannot tell a label from
// an export's JWT name (`name` may set it), so trust checks only that some
// export of the account fits the activation; here, with the configuration
// at hand, the label must be the export the activation is for. A record
// edited to name another export would otherwise leave the activation
// valid while the plan says it is revoked.

// misrecordedExport reports, as an error, a removed grant whose record
// names an export other than one the activation it issued fits, while such
// an export still exists in account a. It decodes the grant's JWT: only
// grants that go are checked, so a no-op plan decodes nothing.
func (b *builder) misrecordedExport(addr string, r *state.Resource, a *lang.Account) bool {
	act, err := jwt.DecodeActivationClaims(priorJWT(r))
	if err != nil {
		return false // reported by the state's verification
	}
	fits := func(x *lang.Export) bool {
		return exportType(x.Kind) == act.ImportType && act.ImportSubject.IsContainedIn(jwt.Subject(x.Subject))
	}
	if x := a.Export(r.Export); x != nil && fits(x) {
		return false
	}
	for _, x := range a.Exports {
		if fits(x) {
			b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError,
				Summary: "The state's record of a grant names the wrong export",
				Detail: fmt.Sprintf("The state records %s for export %q of %s, but its activation (%s %q) is for export %q. "+
					"Revoking it on %q would leave it valid. Nothing in the state should be edited by hand: restore a sound copy "+
					"(the backup, or the file from version control) and check it with `natsplan validate -state`.",
					addr, r.Export, a.Address(), act.ImportType, act.ImportSubject, x.Name, r.Export),
				Subject: &a.DeclRange})
			return true
		}
	}
	return false
}
