package planner

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// Desired is one entity as the configuration wants it: the claims to sign,
// who signs them and what they depend on.
type Desired struct {
	Address   string
	Kind      state.Kind
	Name      string
	PublicKey string // may be a pending key (lang.PendingKey) during plan

	// Signer is the address of the entity whose key signs these claims:
	// the operator signs itself and accounts, accounts sign users and grants;
	// a signing key ("account.A.signing_key.k") may sign instead.
	// SignerKey is that key's public key (pending during plan).
	Signer    string
	SignerKey string

	// Claims are normalized and ready to sign, except that every import
	// token holds a reference to its grant (see TokenRef) that apply swaps
	// for the grant's JWT. They are nil once the entity is found unchanged
	// (unchanged): only changes are signed and described.
	Claims jwt.Claims
	Digest string

	// Export is the export name a grant's activation is for.
	Export string

	// Revocations an account carries, to be kept in state with it.
	Revocations []state.Revocation

	// SigningKeys are the public keys of an operator's or account's
	// signing keys by name, to be kept in state with it.
	SigningKeys map[string]string

	// PreventDestroy is lifecycle.prevent_destroy, kept in state so that
	// a plan can refuse to delete the entity once its block is gone.
	PreventDestroy bool

	// Refresh, when set, is why the entity must be re-signed although its
	// claims digest is unchanged: a renewal window reached, or a setting
	// that only state records.
	Refresh string

	// TokenFile is where apply writes a grant's activation token.
	TokenFile string

	// expiresIn is the lifetime of a relative expiry (seconds), 0 for
	// none: the claims' expiry then counts from the plan's time, which
	// SignedDigest leaves out.
	expiresIn int64

	// IssueAfter, for a grant, is the latest time at which its exporter
	// revokes activations for the same importer on the same export (a
	// grant removed or re-targeted before): apply issues the activation
	// after it, or nats-server would refuse the new one as revoked too.
	IssueAfter int64

	DeclRange hcl.Range
}

// unchanged reports whether the entity the state holds as prior is d as
// signed: same claims digest and key, and nothing asks for a re-signing.
func unchanged(d *Desired, prior *state.Resource) bool {
	return prior != nil && prior.Digest == d.Digest && prior.PublicKey == d.PublicKey && d.Refresh == ""
}

// tokenRefPrefix marks an import token that stands for a grant's JWT. The
// grant's digest is part of the reference, so re-issuing a grant changes
// the importer's digest and re-signs it.
const tokenRefPrefix = "natsplan:"

// TokenRef is the stand-in import token for a grant with the given digest.
func TokenRef(grantAddress, grantDigest string) string {
	return tokenRefPrefix + grantAddress + "#" + grantDigest
}

// ParseTokenRef returns the grant address of a stand-in import token.
func ParseTokenRef(token string) (address string, ok bool) {
	if len(token) <= len(tokenRefPrefix) || token[:len(tokenRefPrefix)] != tokenRefPrefix {
		return "", false
	}
	rest := token[len(tokenRefPrefix):]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '#' {
			return rest[:i], true
		}
	}
	return rest, true
}
