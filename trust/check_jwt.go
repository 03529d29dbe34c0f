package trust

import (
	"fmt"
	"slices"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// claimTypes is the JWT type each kind of resource must carry.
var claimTypes = map[state.Kind]jwt.ClaimType{
	state.KindOperator: jwt.OperatorClaim,
	state.KindAccount:  jwt.AccountClaim,
	state.KindUser:     jwt.UserClaim,
	state.KindGrant:    jwt.ActivationClaim,
}

// check verifies the JWT of the resource at addr and returns what is wrong
// with it, nothing when it is sound.
func (v *verifier) check(addr string) []string {
	r := v.st.Get(addr)
	if r == nil {
		return []string{"not in the state"}
	}
	c, err := v.decode(addr, r)
	if err != nil {
		return []string{fmt.Sprintf("the JWT does not decode or its signature does not verify: %v", err)}
	}
	data := c.Claims()
	var bad []string
	add := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	if want, ok := claimTypes[r.Kind]; !ok || c.ClaimType() != want {
		add("the JWT is of type %q, not the %s this resource is", c.ClaimType(), r.Kind)
	}
	if data.Subject != r.PublicKey {
		add("the JWT's subject is %s, but the state records %s", data.Subject, r.PublicKey)
	}
	if data.Issuer != r.Issuer {
		add("the JWT was issued by %s, but the state records %s", data.Issuer, r.Issuer)
	}
	if data.IssuedAt != r.IssuedAt {
		add("the JWT was issued at %d, but the state records %d", data.IssuedAt, r.IssuedAt)
	}
	for _, reason := range []string{checkName(r, data), checkSigningKeys(r, c), v.checkIssuer(addr, r, c), v.checkDigest(r, c)} {
		if reason != "" {
			bad = append(bad, reason)
		}
	}
	return bad
}

// checkName checks that the JWT is the one of the entity at its address:
// JWTs of two entities swapped whole verify one by one, but carry each
// other's names. An activation's name is its subject, so a grant has none
// to check.
func checkName(r *state.Resource, data *jwt.ClaimsData) string {
	if r.Kind == state.KindGrant {
		return ""
	}
	want := state.ClaimName(r.Name)
	if r.ClaimName != "" {
		want = r.ClaimName
	}
	if data.Name != want {
		return fmt.Sprintf("the JWT is named %q, but this %s is %q", data.Name, r.Kind, want)
	}
	return ""
}

// checkSigningKeys checks that the signing keys the state records are
// exactly those the JWT lists: the planner puts recorded keys into the
// claims it builds, so a key added to the state would otherwise be signed
// into the entity's next JWT.
func checkSigningKeys(r *state.Resource, c jwt.Claims) string {
	var listed []string
	switch cc := c.(type) {
	case *jwt.OperatorClaims:
		listed = append(listed, cc.SigningKeys...)
	case *jwt.AccountClaims:
		listed = cc.SigningKeys.Keys()
	}
	recorded := make([]string, 0, len(r.SigningKeys))
	for _, k := range r.SigningKeys {
		recorded = append(recorded, k)
	}
	slices.Sort(listed)
	slices.Sort(recorded)
	if !slices.Equal(listed, recorded) {
		return fmt.Sprintf("the state records the signing keys %v, but the JWT lists %v", recorded, listed)
	}
	return ""
}

// checkIssuer checks that the JWT was signed by the key it should have
// been: the operator's by itself, others by their parent or a signing key
// that the parent's verified JWT lists.
func (v *verifier) checkIssuer(addr string, r *state.Resource, c jwt.Claims) string {
	data := c.Claims()
	if r.Kind == state.KindOperator {
		if data.Issuer != data.Subject {
			return fmt.Sprintf("an operator JWT must be signed by the operator itself, not by %s", data.Issuer)
		}
		return ""
	}
	issuerAccount := data.Issuer
	switch ic := c.(type) {
	case *jwt.UserClaims:
		issuerAccount = ic.IssuerAccount
	case *jwt.ActivationClaims:
		issuerAccount = ic.IssuerAccount
	}
	if issuerAccount == "" {
		issuerAccount = data.Issuer
	}
	parent := v.parentOf(addr, r, issuerAccount)
	if parent == "" {
		return fmt.Sprintf("no entity in the state may have issued it (issuer %s)", data.Issuer)
	}
	pc := v.parentClaims(parent)
	switch {
	case pc == nil:
		return fmt.Sprintf("its issuer %s cannot be trusted: the JWT of %s is not sound", parent, parent)
	case !allowedIssuer(pc, data.Issuer):
		return fmt.Sprintf("it was signed by %s, which is neither %s's key nor a signing key its JWT lists", data.Issuer, parent)
	case r.Kind != state.KindAccount && issuerAccount != pc.Claims().Subject:
		return fmt.Sprintf("it names %s as its account, but %s has the key %s", issuerAccount, parent, pc.Claims().Subject)
	}
	if act, ok := c.(*jwt.ActivationClaims); ok {
		return checkExport(r, act, parent, pc)
	}
	return ""
}

// checkExport checks that the export a grant records is the exporter's
// export its activation is for: removing the grant revokes the activation
// on that export, so an edited name would leave the activation valid.
// The state records the export by its block label, which is the JWT's
// export name unless the configuration sets `name` (adopted stores do):
// an export whose JWT name is the label must be the one the activation
// fits; with no such export, one that fits must exist (the planner
// resolves labels, which the state alone cannot).
func checkExport(r *state.Resource, act *jwt.ActivationClaims, exporter string, pc jwt.Claims) string {
	ac, ok := pc.(*jwt.AccountClaims)
	if !ok {
		return ""
	}
	fits := func(e *jwt.Export) bool {
		return e.Type == act.ImportType && act.ImportSubject.IsContainedIn(e.Subject)
	}
	named, fitting := false, false
	for _, e := range ac.Exports {
		if e.Name == r.Export {
			if fits(e) {
				return ""
			}
			named = true
		}
		fitting = fitting || fits(e)
	}
	if !named && fitting {
		return ""
	}
	return fmt.Sprintf("the state records it for the export %q, but %s's JWT has no such %s export holding %q",
		r.Export, exporter, act.ImportType, act.ImportSubject)
}

// checkDigest recomputes the claims digest the planner compares, where
// state alone allows: import tokens that are grants in state become the
// references the planner digests. Claims with an expiry (the digest holds
// a lifetime) or a token from outside the state are not checked.
func (v *verifier) checkDigest(r *state.Resource, c jwt.Claims) string {
	if v.foreign { // recomputed instead: foreign.go
		return ""
	}
	if got, ok := v.jwtDigest(c); ok && got != r.Digest {
		return fmt.Sprintf("the claims digest in the state (%.12s) is not the digest of the JWT's claims (%.12s): the JWT or the digest was changed", r.Digest, got)
	}
	return ""
}

// digestMismatch reports whether the digest r records is not the one of
// its JWT's claims c, where that can be recomputed.
func (v *verifier) digestMismatch(r *state.Resource, c jwt.Claims) bool {
	got, ok := v.jwtDigest(c)
	return ok && got != r.Digest
}

// jwtDigest is the digest the planner computes for claims c, where state
// alone allows: import tokens that are grants in state become the
// references the planner digests. Claims with an expiry (the digest holds
// a lifetime) or a token from outside the state give no digest.
func (v *verifier) jwtDigest(c jwt.Claims) (string, bool) {
	if c.Claims().Expires != 0 {
		return "", false
	}
	if ac, ok := c.(*jwt.AccountClaims); ok {
		// A copy: the decoded claims are shared with the checks of the
		// account's users and grants.
		cp := *ac
		cp.Imports = make(jwt.Imports, len(ac.Imports))
		for i, imp := range ac.Imports {
			ic := *imp
			cp.Imports[i] = &ic
			if imp.Token == "" {
				continue
			}
			grant, ok := v.grantJWTs[imp.Token]
			if !ok {
				return "", false
			}
			ic.Token = planner.TokenRef(grant, v.st.Get(grant).Digest)
		}
		c = &cp
	}
	return planner.Digest(c), true
}
