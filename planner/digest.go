package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/nats-io/jwt/v2"
)

// Digest returns the canonical hash of a claim: its JSON encoding with the
// fields that change on every signing (iat, jti) cleared and the library
// version fixed. Two claims with the same digest produce JWTs that a server
// treats identically, so the digest, not the JWT string, decides whether an
// entity must be re-signed.
func Digest(c jwt.Claims) string {
	c = Canonical(c)
	data := c.Claims()
	iat, jti := data.IssuedAt, data.ID
	data.IssuedAt, data.ID = 0, ""
	b, err := json.Marshal(c)
	data.IssuedAt, data.ID = iat, jti
	if err != nil {
		// Claims are plain data built by this package; a marshal failure is
		// a programming error, not bad input.
		panic("planner: cannot encode claims: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Canonical returns c, or a copy of it without the values that other
// tools write differently from the planner although nats-server reads
// them the same way: nsc writes response_type "Singleton" on every
// service export, where the planner leaves the default empty; and it
// leaves a trace sampling or a mapping weight at 0, which jwt/v2 reads as
// 100, the value the planner writes. So a JWT nsc signed digests like the
// claims the planner builds for it (see package adopt), and digests of
// the planner's own claims do not change.
func Canonical(c jwt.Claims) jwt.Claims {
	ac, ok := c.(*jwt.AccountClaims)
	if !ok || !hasOtherDefaults(ac) {
		return c
	}
	cp := *ac
	if ac.Trace != nil && ac.Trace.Sampling == 0 {
		cp.Trace = &jwt.MsgTrace{Destination: ac.Trace.Destination, Sampling: 100}
	}
	cp.Exports = make(jwt.Exports, len(ac.Exports))
	for i, e := range ac.Exports {
		if e.Type == jwt.Service && e.ResponseType == jwt.ResponseTypeSingleton {
			x := *e
			x.ResponseType = ""
			e = &x
		}
		cp.Exports[i] = e
	}
	cp.Mappings = make(jwt.Mapping, len(ac.Mappings))
	for from, to := range ac.Mappings {
		dests := make([]jwt.WeightedMapping, len(to))
		for i, d := range to {
			d.Weight = d.GetWeight()
			dests[i] = d
		}
		cp.Mappings[from] = dests
	}
	return &cp
}

// hasOtherDefaults reports whether Canonical has anything to change.
func hasOtherDefaults(ac *jwt.AccountClaims) bool {
	if ac.Trace != nil && ac.Trace.Sampling == 0 {
		return true
	}
	for _, e := range ac.Exports {
		if e.Type == jwt.Service && e.ResponseType == jwt.ResponseTypeSingleton {
			return true
		}
	}
	for _, to := range ac.Mappings {
		for _, d := range to {
			if d.Weight == 0 {
				return true
			}
		}
	}
	return false
}
