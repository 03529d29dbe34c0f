package planner

import (
	"fmt"
	"slices"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/buildinfo"
	"github.com/natsplan/natsplan/state"
)

// explainCascades gives every change the config did not ask for in so many
// words a reason a reviewer can check: an importer re-signed because its
// activation was re-issued, a removed user revoked by its account, an
// activation its exporter revokes.
func explainCascades(p *Plan, name namer) {
	changed := map[string]*Change{}
	for _, c := range p.Changes {
		changed[c.Address] = c
	}
	for _, c := range p.Changes {
		switch {
		case c.Action == Update && c.Kind == state.KindAccount:
			c.Reasons = append(c.Reasons, reissuedActivations(c, changed)...)
			grantRevocationReasons(c, changed, name)
		case c.Action == Delete && c.Kind == state.KindUser:
			c.Reasons = append(c.Reasons, "its account revokes it: creds issued for this user stop working once the account JWT reaches the servers")
		case c.Action == Delete && c.Kind == state.KindGrant:
			c.Reasons = append(c.Reasons, "the exporting account revokes this activation")
		}
		if c.Action == Update && len(c.Reasons) == 0 {
			if r := replacedReason(c, p); r != "" {
				c.Reasons = append(c.Reasons, r)
			}
		}
		if c.Action == Update && len(c.Diff) == 0 && len(c.Reasons) == 0 {
			c.Reasons = append(c.Reasons, unexplainedDigest(p.StateWriter, buildinfo.Version()))
		}
	}
}

// unexplainedDigest is the reason for re-signing claims that read the
// same as the state's: their digest differs. Only when the state records
// another natsplan version (or none) can the digest's recipe be to blame.
func unexplainedDigest(writer, current string) string {
	switch {
	case writer == "":
		return "re-signed: the claims are unchanged, but the state's claims digest was written by a natsplan that did not record its version (this is " + current + ")"
	case writer != current:
		return "re-signed: the claims are unchanged, but the state's claims digest was written by natsplan " + writer + " (this is " + current + ")"
	}
	return "re-signed: the claims are unchanged, but the claims digest recorded in state does not match them (was the state edited?)"
}

func reissuedActivations(c *Change, changed map[string]*Change) []string {
	ac, ok := c.Desired.Claims.(*jwt.AccountClaims)
	if !ok {
		return nil
	}
	var out []string
	for _, imp := range ac.Imports {
		grant, ok := ParseTokenRef(imp.Token)
		if !ok || changed[grant] == nil || diffMentions(c.Diff, fmt.Sprintf("import %q", imp.Name)) {
			continue
		}
		if reason := reissued(imp.Name, grant); !slices.Contains(c.Reasons, reason) {
			out = append(out, reason)
		}
	}
	return out
}

// reissued is the reason an importer is re-signed for its grant.
func reissued(imp, grant string) string {
	return fmt.Sprintf("re-signed: activation for import %q was re-issued (%s)", imp, grant)
}

func diffMentions(diffs []AttrDiff, key string) bool {
	for _, d := range diffs {
		if d.Key == key {
			return true
		}
	}
	return false
}
