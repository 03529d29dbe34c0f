package planner

// Relative expiry (expires_in) and renewal (renew_before) without making
// plans depend on the clock more than they must.
//
// A JWT with expires_in expires that long after the plan that issues it
// (the time New is given). Its digest holds the lifetime, not the expiry,
// so the next plan finds it unchanged however much later it runs, and the
// JWT keeps the expiry it was signed with. It is issued again, with a fresh
// expiry, when its claims change, when its lifetime changes, or when less
// than renew_before is left (an expired JWT is always renewed). The same
// applies to an activation token fetched from a URL: the importer is
// re-signed, and the token fetched again, once the token has expired.

import (
	"fmt"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// settleExpiry sets d's digest and, for a relative expiry, its expiry, and
// says why d must be re-signed although unchanged, if it must.
func (b *builder) settleExpiry(d *Desired, v lang.Validity) {
	d.Digest = claimsDigest(d, v)
	b.settle(d, v)
}

// claimsDigest is the digest of d's claims; for a relative expiry, it
// holds the lifetime instead of the expiry. It touches nothing but d, so
// entities can be digested in parallel.
func claimsDigest(d *Desired, v lang.Validity) string {
	if v.ExpiresIn == 0 {
		return Digest(d.Claims)
	}
	data := d.Claims.Claims()
	exp := data.Expires
	data.Expires = -v.ExpiresIn // the lifetime, as no real expiry can be
	digest := Digest(d.Claims)
	data.Expires = exp
	return digest
}

// settle is settleExpiry once d's digest is set.
func (b *builder) settle(d *Desired, v lang.Validity) {
	data := d.Claims.Claims()
	prior := b.st.Get(d.Address)
	if v.ExpiresIn != 0 {
		data.Expires = b.now + v.ExpiresIn
		if prior != nil && prior.Digest == d.Digest {
			b.keepOrRenew(d, prior, v)
		}
	}
	if prior != nil && prior.Digest == d.Digest && d.Refresh == "" {
		d.Refresh = b.urlTokenRefresh(d, prior)
	}
	if prior != nil && prior.Digest == d.Digest && d.Refresh == "" && prior.PreventDestroy != d.PreventDestroy {
		d.Refresh = fmt.Sprintf("re-signed to record lifecycle.prevent_destroy = %v in the state", d.PreventDestroy)
	}
}

// keepOrRenew keeps the expiry an unchanged JWT was signed with, unless
// its renewal window has come.
func (b *builder) keepOrRenew(d *Desired, prior *state.Resource, v lang.Validity) {
	c, err := jwt.Decode(priorJWT(prior))
	if err != nil || c.Claims().Expires == 0 {
		return
	}
	exp := c.Claims().Expires
	left := exp - b.now
	if left > v.RenewBefore {
		d.Claims.Claims().Expires = exp
		return
	}
	if left <= 0 {
		d.Refresh = fmt.Sprintf("renewed: it expired at %s", unixStamp(exp))
		return
	}
	d.Refresh = fmt.Sprintf("renewed: it expires at %s, less than renew_before (%s) from now",
		unixStamp(exp), time.Duration(v.RenewBefore)*time.Second)
}

// renewedGrant re-signs an importer whose grant is renewed: the grant's
// digest, which the importer's claims hold, stays the same on renewal, but
// the importer must carry the new token.
func (b *builder) renewedGrant(a *lang.Account) string {
	for _, i := range a.Imports {
		if g := b.grantFor(i); g != nil && b.settled(g.Address()).Refresh != "" {
			return reissued(i.Name, g.Address())
		}
	}
	return ""
}

// urlTokenRefresh re-signs an importer, so that apply fetches its token
// again, when a token it fetched from a URL has expired.
func (b *builder) urlTokenRefresh(d *Desired, prior *state.Resource) string {
	ac, ok := d.Claims.(*jwt.AccountClaims)
	if !ok || !hasURLToken(ac) {
		return ""
	}
	old, err := jwt.DecodeAccountClaims(priorJWT(prior))
	if err != nil {
		return ""
	}
	for _, imp := range old.Imports {
		act, err := jwt.DecodeActivationClaims(imp.Token)
		if err == nil && act.Expires != 0 && act.Expires <= b.now {
			return fmt.Sprintf("re-signed: the activation token of import %q expired at %s; apply fetches it again",
				imp.Name, unixStamp(act.Expires))
		}
	}
	return ""
}

func hasURLToken(ac *jwt.AccountClaims) bool {
	for _, imp := range ac.Imports {
		if _, ok := ParseURLTokenRef(imp.Token); ok {
			return true
		}
	}
	return false
}

func unixStamp(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }
