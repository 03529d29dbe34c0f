package state

import "sort"

// FormatVersion is the version of the state file format this code writes.
// Readers refuse files with a newer version rather than guess.
const FormatVersion = 1

// State is what natsplan knows of the world after its last apply: for every
// managed entity its public key, its current JWT and a digest of the claims
// that JWT was signed from. It never holds a seed.
type State struct {
	Version int    `json:"version"`
	Lineage string `json:"lineage"` // random id fixed when the state is created
	Serial  uint64 `json:"serial"`  // incremented on every write

	// NatsplanVersion is the natsplan that wrote the state (Write sets
	// it), so that a plan can say when a digest comes from another
	// version. Empty in states written before it was recorded.
	NatsplanVersion string `json:"natsplan_version,omitempty"`

	// Resources by address ("operator.Test", "account.A",
	// "account.A.user.u", "grant.g"). Written sorted by address.
	Resources map[string]*Resource `json:"resources"`

	// src is the file a state from ReadLazy loads JWTs from; nil
	// otherwise. Copies of the State share it (see LoadErr).
	src *source
}

// Kind names the four kinds of entity natsplan signs.
type Kind string

// Entity kinds.
const (
	KindOperator Kind = "operator"
	KindAccount  Kind = "account"
	KindUser     Kind = "user"
	KindGrant    Kind = "grant"
)

// Resource is one signed entity.
type Resource struct {
	Kind Kind   `json:"kind"`
	Name string `json:"name"`
	// ClaimName is the name the JWT carries when the configuration sets
	// one other than the label (`name = "..."`); empty otherwise.
	ClaimName string `json:"claim_name,omitempty"`
	PublicKey string `json:"public_key"` // for a grant: the importing account (the activation's subject)
	Issuer    string `json:"issuer"`     // public key that signed the JWT
	IssuedAt  int64  `json:"iat"`
	// JWT is empty in a state from ReadLazy, which leaves it in the file:
	// read it with LoadJWT, which works for every state.
	JWT string `json:"jwt"`
	// Digest is the canonical hash of the claims the JWT was signed from
	// (without iat and jti). Comparing digests lets plan skip decoding.
	Digest string `json:"digest"`

	// Export names the export a grant's activation is for, so that removing
	// the grant can revoke it on the right export.
	Export string `json:"export,omitempty"`

	// Revocations kept on an account: users removed from the config
	// (Export empty) and activations of removed grants (Export set).
	Revocations []Revocation `json:"revocations,omitempty"`

	// SigningKeys are the public keys of an operator's or an account's
	// signing keys, by name; their seeds are in the keystore.
	SigningKeys map[string]string `json:"signing_keys,omitempty"`

	// PreventDestroy is the entity's lifecycle.prevent_destroy: a plan
	// that would delete it is refused.
	PreventDestroy bool `json:"prevent_destroy,omitempty"`

	// jwtAt, when set, is where ReadLazy left JWT (lazy.go).
	jwtAt jwtRef
}

// Revocation is one revocation entry carried by an account's claims.
type Revocation struct {
	Export    string `json:"export,omitempty"` // export name, empty for a user
	PublicKey string `json:"public_key"`       // revoked user or importing account
	At        int64  `json:"at"`               // JWTs issued at or before this are revoked
	Address   string `json:"address"`          // address of the removed entity, for messages
}

// New returns an empty state with a fresh lineage.
func New() *State {
	return &State{Version: FormatVersion, Lineage: newLineage(), Resources: map[string]*Resource{}}
}

// Addresses returns every resource address, sorted.
func (s *State) Addresses() []string {
	out := make([]string, 0, len(s.Resources))
	for a := range s.Resources {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Get returns the resource at addr, or nil.
func (s *State) Get(addr string) *Resource {
	if s == nil {
		return nil
	}
	return s.Resources[addr]
}

// Operator returns the operator's resource, or nil when the state holds
// none. A state with more than one is refused by trust.Verify; until
// then the one with the first address is returned, so that every caller
// sees the same one.
func (s *State) Operator() *Resource {
	if s == nil {
		return nil
	}
	var op *Resource
	opAddr := ""
	for addr, r := range s.Resources {
		if r.Kind == KindOperator && (op == nil || addr < opAddr) {
			op, opAddr = r, addr
		}
	}
	return op
}
