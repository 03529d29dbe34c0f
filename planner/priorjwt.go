package planner

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/state"
)

// The planner reads few state JWTs, and none for a plan with no changes:
// the prior expiry of an entity with expires_in, the tokens of an account
// importing from a URL, and the claims of what changes, to describe them.
// So plan reads the state with state.ReadLazy and loads each JWT when it
// needs it.

// priorJWT is r's JWT, loaded from the state file if need be. One that
// cannot be read reads as one that does not decode; New then reports the
// first such failure (unreadJWTs), since a plan made without it is wrong.
func priorJWT(r *state.Resource) string {
	token, _ := r.LoadJWT()
	return token
}

// unreadJWTs is an error for the first state JWT that could not be read.
func unreadJWTs(st *state.State) hcl.Diagnostics {
	err := st.LoadErr()
	if err == nil {
		return nil
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the state", Detail: err.Error()}}
}
