package access

import (
	"strings"

	"github.com/nats-io/jwt/v2"
)

// connected is a user as the server admits it: its effective claims
// (a scoped signing key's template replaces the user's own limits).
type connected struct {
	u      *User
	limits jwt.UserPermissionLimits
	scope  string // the scoped signing key's role, "" when not scoped
}

// connect decides whether the server admits u on a plain client
// connection, in the order nats-server checks (server/auth.go).
func (w *World) connect(u *User) (*connected, *failure) {
	uc, ac := u.Claims, u.Account.Claims
	if w.expired(uc.Expires, uc.NotBefore) {
		return nil, deny("%s cannot connect: its JWT has expired or is not yet valid", u.Address)
	}
	if why := validate(uc); why != "" {
		return nil, deny("%s cannot connect: its JWT does not validate: %s", u.Address, why)
	}
	if w.expired(ac.Expires, ac.NotBefore) {
		return nil, deny("%s cannot connect: %s has expired", u.Address, u.Account.Address)
	}
	if u.Account.invalid != "" {
		return nil, deny("%s cannot connect: the server does not load %s: %s", u.Address, u.Account.Address, u.Account.invalid)
	}
	issuerAcc := uc.Issuer
	if uc.IssuerAccount != "" {
		issuerAcc = uc.IssuerAccount
	}
	if issuerAcc != ac.Subject {
		return nil, deny("%s cannot connect: its JWT is issued for another account", u.Address)
	}
	c := &connected{u: u, limits: uc.UserPermissionLimits}
	if uc.Issuer != ac.Subject {
		scope, ok := ac.SigningKeys.GetScope(uc.Issuer)
		if !ok {
			return nil, deny("%s cannot connect: its issuer %s is not a signing key of %s", u.Address, uc.Issuer, u.Account.Address)
		}
		if scope != nil {
			if f := w.applyScope(c, scope); f != nil {
				return nil, f
			}
		}
	}
	if c.limits.BearerToken && ac.Limits.DisallowBearer {
		return nil, deny("%s cannot connect: it is a bearer token and %s disallows bearer tokens", u.Address, u.Account.Address)
	}
	if f := connectionTypes(u, c.limits.AllowedConnectionTypes); f != nil {
		return nil, f
	}
	if revoked(ac.Revocations, uc.Subject, uc.IssuedAt) {
		return nil, deny("%s cannot connect: revoked by %s (revocations)", u.Address, u.Account.Address)
	}
	if len(c.limits.Src) > 0 {
		return nil, unknown("%s may connect only from %v: depends on the client's address", u.Address, c.limits.Src)
	}
	if len(c.limits.Times) > 0 {
		return nil, unknown("%s may connect only at certain times: depends on the clock", u.Address)
	}
	if ac.Limits.Conn == 0 {
		return nil, deny("%s cannot connect: %s allows no connections (limits.conn = 0)", u.Address, u.Account.Address)
	}
	return c, nil
}

// applyScope replaces c's limits with the scoped key's template, as the
// server does for a user signed by a scoped signing key.
func (w *World) applyScope(c *connected, scope jwt.Scope) *failure {
	u := c.u
	if err := scope.ValidateScopedSigner(u.Claims); err != nil {
		return deny("%s cannot connect: scoped signing key refuses it (%v)", u.Address, err)
	}
	us, ok := scope.(*jwt.UserScope)
	if !ok {
		return deny("%s cannot connect: its signing key's scope is not a user scope", u.Address)
	}
	lim, f := expandTemplate(us.Template, u)
	if f != nil {
		return f
	}
	c.limits, c.scope = lim, us.Role
	if c.scope == "" {
		c.scope = us.Key
	}
	return nil
}

// connectionTypes decides whether a plain client (STANDARD) may connect
// with these allowed types (compared in upper case, as the server does).
// An empty list allows every type; a list without STANDARD refuses a
// plain client, even when it names only types the server does not know.
func connectionTypes(u *User, types jwt.StringList) *failure {
	if len(types) == 0 {
		return nil
	}
	for _, t := range types {
		if strings.ToUpper(t) == jwt.ConnectionTypeStandard {
			return nil
		}
	}
	return deny("%s cannot connect as a plain client: its allowed connection types are %v", u.Address, []string(types))
}

// revoked is nats-server's rule: revoked when the entry for the key, or
// for all keys ("*"), is at or after the JWT's issue time.
func revoked(list jwt.RevocationList, key string, iat int64) bool {
	if t, ok := list[key]; ok && t >= iat {
		return true
	}
	if t, ok := list[jwt.All]; ok && t >= iat {
		return true
	}
	return false
}
