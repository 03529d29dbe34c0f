package planner

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// The keys a plan signs for come from the state (StateKeys), and the
// state is untrusted: an edited public_key once planned as an in-place
// `~ public_key = A... -> A...` and apply re-signed the entity under
// whatever key the state named. A change of an entity's key is never in
// place: it is a replacement, shown as -/+ with "forces a new key", and
// only `-replace` asks for one (requested.go): no setting of the
// configuration does (keys are made once, when the entity is created,
// and a moved block keeps them), so every other replacement is a state
// that was edited, and the plan reports it as an error. The planner finds one cheaply: where the
// recorded key is not the planned one (decide), and, while describing an
// update, where the prior JWT's subject is not the planned key; a no-op
// plan decodes nothing.

// markReplacement makes an update a replacement when the entity's JWT in
// the state is for another key than the one the plan signs for. A grant's
// subject is the importing account, which the configuration may change.
func markReplacement(c *Change, prior jwt.Claims) {
	if c.Kind == state.KindGrant {
		return
	}
	if subject := prior.Claims().Subject; subject != "" && subject != c.Desired.PublicKey {
		c.Action, c.PriorKey = Replace, subject
	}
}

// ReplaceReason says why a change is a replacement, for messages.
func ReplaceReason(c *Change) string {
	return fmt.Sprintf("its JWT in the state is for the key %s, but the plan would sign it for %s (the key the state records): "+
		"a new key, which forces a new %s", c.PriorKey, c.Desired.PublicKey, c.Kind)
}

// stateMismatches reports the changes that only an edited state explains:
// a replacement, and an entity the state records as another kind than
// its address names (a kind edited in the state once made plan say "No
// changes" and push delete the live account).
func stateMismatches(p *Plan) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range p.Changes {
		if c.Action == Replace && !requestedReplacement(c) {
			diags = append(diags, stateError("Key change the configuration did not ask for",
				fmt.Sprintf("%s must be replaced (-/+, forces a new key): %s. Nothing in the configuration asks for a new key, so the state was edited.",
					c.Address, ReplaceReason(c))))
		}
		if c.Prior == nil {
			continue
		}
		if kind, _, ok := state.ParseAddress(c.Address); !ok || c.Prior.Kind != kind {
			diags = append(diags, stateError("State records the wrong kind",
				fmt.Sprintf("The state records %s as a %q, but its address is that of %s, and so is its JWT unless that was edited too.",
					c.Address, c.Prior.Kind, kindOrUnknown(kind, ok))))
		}
	}
	return diags
}

func kindOrUnknown(k state.Kind, ok bool) string {
	if !ok {
		return "no kind natsplan knows"
	}
	return state.Article(k)
}

func stateError(summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail +
		" Nothing in the state should be edited by hand: restore a sound copy (the backup, state file + \".backup\", " +
		"or the file from version control), check it with `natsplan validate -state`, and run plan again."}
}

// requestedReplacement reports a replacement -replace asked for whose old
// key is the one the state records: the entity's JWT in the state is for
// it. Where the JWT is for another key, the state was edited too.
func requestedReplacement(c *Change) bool {
	return c.Requested && c.Prior != nil && c.PriorKey == c.Prior.PublicKey
}

// RequestedReplacement is requestedReplacement, for apply.
func RequestedReplacement(c *Change) bool { return requestedReplacement(c) }
