package apply

// A revoked activation is revoked by what the state records of its grant:
// the export, the importer and the iat. The JWT holds the importer and the
// iat, which Verify checks against the record; the export's name it does
// not hold, so the record's export must be one of the issuing account's
// exports that the activation fits. A record edited to name another
// export, or an earlier iat, would revoke nothing, and the activation
// would stay valid while the plan said it goes.

import (
	"fmt"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// checkGrantExport checks that the export a grant's record names is an
// export of the issuing account, whose JWT is parent's, of the
// activation's kind and holding its subject.
func (v *verifier) checkGrantExport(r *state.Resource, act *jwt.ActivationClaims, parent string) string {
	ac, ok := v.parentClaims(parent).(*jwt.AccountClaims)
	if !ok {
		return "" // checkIssuer reports the parent
	}
	for _, e := range ac.Exports {
		if e.Name != r.Export {
			continue
		}
		if e.Type != act.ImportType || !act.ImportSubject.IsContainedIn(e.Subject) {
			return fmt.Sprintf("the state records it for export %q, but that export of %s is %s %q and the activation is for %s %q",
				r.Export, parent, e.Type, e.Subject, act.ImportType, act.ImportSubject)
		}
		return ""
	}
	return fmt.Sprintf("the state records it for export %q, which %s's JWT does not have", r.Export, parent)
}

// verifyRevokedGrants verifies the state's records of the grants this
// plan removes or issues again, since the revocations of their old
// activations are made from them (or, for a record naming no export of
// the account, silently not made).
func verifyRevokedGrants(p *planner.Plan, st *state.State) error {
	var addrs []string
	for _, c := range p.Changes {
		if c.Kind == state.KindGrant && c.Action != planner.Create && st.Get(c.Address) != nil {
			addrs = append(addrs, c.Address)
		}
	}
	if len(addrs) == 0 {
		return nil
	}
	problems := Verify(st, addrs)
	if len(problems) == 0 {
		return nil
	}
	return problemsError("refusing to apply: the state's records of activations this apply revokes or re-issues do not verify:",
		problems, "Nothing was signed and the state was not changed. A revocation made from these records could miss the "+
			"activation it is meant to revoke. Run `natsplan validate -state` to check every JWT, and restore the backup "+
			"(state file + \".backup\") if it is sound.")
}

// issuerOf is the account that issued an activation: the one it names
// when a signing key signed it.
func issuerOf(act *jwt.ActivationClaims) string {
	if act.IssuerAccount != "" {
		return act.IssuerAccount
	}
	return act.Issuer
}
