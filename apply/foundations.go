package apply

import (
	"sort"
	"strings"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// verifyFoundations refuses to sign on top of a state that cannot be
// trusted. Every JWT apply signs is issued by a parent (the operator, or
// an account) and trusted by servers through that parent's JWT; when the
// parent is not re-signed in this apply, its JWT comes from state, so it
// is verified first, as are the activations apply embeds (grantToken
// checks those as it embeds them). This costs one verification per parent,
// not one per entity: apply does not re-verify the JWTs it keeps as they
// are (validate -state does).
func verifyFoundations(p *planner.Plan, st *state.State) error {
	if err := verifyRevokedGrants(p, st); err != nil {
		return err
	}
	resigned := map[string]bool{}
	for _, c := range p.Changes {
		if c.Action != planner.Delete {
			resigned[c.Address] = true
		}
	}
	parents := map[string]bool{}
	for _, c := range p.Changes {
		if c.Action == planner.Delete || c.Desired == nil {
			continue
		}
		parent := parentAddress(c.Desired.Signer)
		if parent != c.Address && !resigned[parent] && st.Get(parent) != nil {
			parents[parent] = true
		}
	}
	if len(parents) == 0 {
		return nil
	}
	addrs := make([]string, 0, len(parents))
	for a := range parents {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	problems := Verify(st, addrs)
	if len(problems) == 0 {
		return nil
	}
	return problemsError("refusing to apply: JWTs in the state that this apply would sign under do not verify:",
		problems, "Nothing was signed and the state was not changed. The state may have been edited by hand or damaged: "+
			"run `natsplan validate -state` to check every JWT, and restore the backup (state file + \".backup\") if it is sound.")
}

// parentAddress is the entity a signer address belongs to: a signing key
// ("account.A.signing_key.k") belongs to its owner.
func parentAddress(signer string) string {
	if i := strings.Index(signer, ".signing_key."); i > 0 {
		return signer[:i]
	}
	return signer
}
