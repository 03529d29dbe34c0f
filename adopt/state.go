package adopt

import (
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// resource is the state of one entity: its JWT exactly as read, and the
// digest the planner computes for its claims (planner.Digest, which also
// reads nsc's explicit defaults as the defaults they are).
func resource(kind state.Kind, name string, f nscstore.File, c jwt.Claims) *state.Resource {
	d := c.Claims()
	r := &state.Resource{Kind: kind, Name: name, PublicKey: d.Subject, Issuer: d.Issuer,
		IssuedAt: d.IssuedAt, JWT: f.JWT, Digest: planner.Digest(c)}
	if kind != state.KindGrant && d.Name != state.ClaimName(name) {
		r.ClaimName = d.Name // the configuration says `name = ...`
	}
	return r
}

// accountDigest is the digest of an account whose imports carry tokens
// of grants: the planner digests the reference to the grant (with the
// grant's digest) in place of the token, as trust.Verify recomputes it.
func (c *converter) accountDigest(a *account) string {
	ac, err := jwt.DecodeAccountClaims(a.JWT) // a copy, to change its tokens
	if err != nil {
		return planner.Digest(a.Claims) // cannot happen: nscstore decoded it
	}
	for _, imp := range ac.Imports {
		for _, g := range c.grantList {
			if g.token == imp.Token && imp.Token != "" {
				imp.Token = planner.TokenRef("grant."+g.label, g.digest)
			}
		}
	}
	return planner.Digest(ac)
}
