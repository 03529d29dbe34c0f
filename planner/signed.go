package planner

// A saved plan binds the claims each change will sign (Saved.Check), but
// the plan is made before the keys of new entities exist: its claims hold
// placeholders, and apply's hold the keys it made. SignedDigest is a
// digest of claims that is the same for both, and differs for any other
// change of the claims:
//
//   - every pending key (a placeholder in plan, a key made for apply in
//     apply; Plan.Pending maps either to its entity) reads as the address
//     of its entity, between NUL bytes, which JSON never holds, so no
//     value written in the configuration can read the same;
//   - an import's stand-in for its grant's JWT names the grant without
//     the grant's digest, which holds the grant's keys: the grant's own
//     claims are bound by its own change, or, when it does not change, by
//     the state the plan was made against;
//   - a relative expiry reads as its lifetime, and a revocation this plan
//     makes as "at the plan's time": both count from the time a plan is
//     made, and apply plans again later.
//
// Everything else is the claims as signed, as Digest hashes them.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"

	"github.com/nats-io/jwt/v2"
)

// revokedNow stands, in the signed form, for a revocation made at the
// plan's time; no revocation natsplan writes has a negative time.
const revokedNow = -1

// SignedDigest returns the digest of the claims apply signs for c, in a
// form that does not depend on the keys apply makes or on when the plan
// was made (see above); "" for a deletion, which signs nothing itself.
func (p *Plan) SignedDigest(c *Change) string {
	if c.Desired == nil || c.Desired.Claims == nil {
		return ""
	}
	form := signedForm(c.Desired.Claims, p.now)
	data := form.Claims()
	data.IssuedAt, data.ID = 0, ""
	if c.Desired.expiresIn != 0 {
		data.Expires = -c.Desired.expiresIn
	}
	keys := takeSigningKeys(form)
	b, err := json.Marshal(form)
	if err != nil {
		panic("planner: cannot encode claims: " + err.Error())
	}
	b = maskPending(b, p.Pending)
	for _, k := range maskedSigningKeys(keys, p.Pending) {
		b = append(append(b, 0), k...)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// takeSigningKeys removes the signing keys from form (a copy) and returns
// them, each as its JSON: the claims list them in the order of their
// keys, so a new signing key's placeholder in plan and its real key in
// apply would sort differently among the others (a saved plan that adds
// a signing key, as a rotation does, read as stale).
func takeSigningKeys(form jwt.Claims) [][]byte {
	var out [][]byte
	switch c := form.(type) {
	case *jwt.OperatorClaims:
		for _, k := range c.SigningKeys {
			out = append(out, []byte(k))
		}
		c.SigningKeys = nil
	case *jwt.AccountClaims:
		for k, scope := range c.SigningKeys {
			b, err := json.Marshal(scope)
			if err != nil {
				panic("planner: cannot encode a signing key scope: " + err.Error())
			}
			out = append(out, append(append([]byte(k), '='), b...))
		}
		c.SigningKeys = nil
	}
	return out
}

// maskedSigningKeys masks the pending keys in each signing key and sorts
// the result.
func maskedSigningKeys(keys [][]byte, pending map[string]string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = string(maskPending(k, pending))
	}
	slices.Sort(out)
	return out
}

// signedForm returns a shallow copy of claims, with the parts that
// SignedDigest reads differently replaced: the claims themselves, which
// apply signs, are not touched.
func signedForm(claims jwt.Claims, now int64) jwt.Claims {
	switch c := claims.(type) {
	case *jwt.OperatorClaims:
		cp := *c
		return &cp
	case *jwt.AccountClaims:
		cp := *c
		cp.Imports = signedImports(c.Imports)
		cp.Exports = signedExports(c.Exports, now)
		// An account's own revocations are of removed (or replaced)
		// users, each at that user's JWT's iat, never at the plan's
		// time: masking one whose iat fell in the plan's second made a
		// saved plan stale at apply.
		return &cp
	case *jwt.UserClaims:
		cp := *c
		return &cp
	case *jwt.ActivationClaims:
		cp := *c
		return &cp
	}
	panic("planner: claims of unknown kind")
}

func signedImports(imports jwt.Imports) jwt.Imports {
	out := make(jwt.Imports, len(imports))
	for i, imp := range imports {
		cp := *imp
		if grant, ok := ParseTokenRef(imp.Token); ok {
			cp.Token = tokenRefPrefix + grant
		}
		out[i] = &cp
	}
	return out
}

func signedExports(exports jwt.Exports, now int64) jwt.Exports {
	out := make(jwt.Exports, len(exports))
	for i, e := range exports {
		cp := *e
		cp.Revocations = signedRevocations(e.Revocations, now)
		out[i] = &cp
	}
	return out
}

func signedRevocations(revs jwt.RevocationList, now int64) jwt.RevocationList {
	if len(revs) == 0 {
		return revs
	}
	out := maps.Clone(revs)
	for k, at := range out {
		if at == now {
			out[k] = revokedNow
		}
	}
	return out
}

// maskPending replaces every pending key in b with its entity's address
// between NUL bytes. Like hidePending, it looks each key-sized window of
// base32 characters up in pending, once.
func maskPending(b []byte, pending map[string]string) []byte {
	if len(pending) == 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	last := 0 // b[:last] is already in out
	for i := 0; i+publicKeyLen <= len(b); {
		if !isBase32(b[i]) {
			i++
			continue
		}
		if addr, ok := pending[string(b[i:i+publicKeyLen])]; ok {
			out = append(out, b[last:i]...)
			out = append(append(append(out, 0), addr...), 0)
			i += publicKeyLen
			last = i
			continue
		}
		i++
	}
	return append(out, b[last:]...)
}
