package planner

import (
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/claimview"
	"github.com/natsplan/natsplan/state"
)

// Attr is one line of an entity's claims as a reviewer reads it (see
// package claimview, which derives them from the claims).
type Attr = claimview.Attr

// namer turns a public key into the name a reviewer knows it by.
type namer = claimview.Namer

// Describe lists every claim of an entity as attributes in the language's
// names, so that two descriptions can be compared line by line. Import
// tokens are shown by the grant they carry, not as JWT text.
func Describe(c jwt.Claims, name namer) []Attr {
	return claimview.Describe(c, name)
}

// label names keys, and import tokens (stand-ins and grant JWTs in
// state), for Describe.
func (n *names) label(s string) string {
	if grant, ok := ParseTokenRef(s); ok {
		return grant
	}
	n.tables()
	if grant, ok := n.tokenGrant[s]; ok {
		return grant
	}
	if url, ok := ParseURLTokenRef(s); ok {
		return "token from " + url
	}
	return n.name(s)
}

// StateNamer names the keys and import tokens of the JWTs in st as plans
// name them, for a description of the state alone (show).
func StateNamer(st *state.State) claimview.Namer {
	return newNames(st, nil, nil).label
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// displayKey shortens an address for use inside attribute values.
func displayKey(addr string) string {
	return strings.TrimPrefix(addr, "account.")
}

// addSigningKeys names the signing keys of the entity at addr.
func (n *names) addSigningKeys(addr string, keys map[string]string) {
	for name, pub := range keys {
		n.byKey[pub] = displayKey(addr) + ".signing_key." + name
	}
}
