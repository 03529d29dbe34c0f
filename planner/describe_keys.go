package planner

// Parts of claims that read better as natsplan's own words than as
// flattened JSON: signing keys (and the scopes of roles), who signed an
// entity when it was a signing key, and validity times.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"
)

// describeSigningKeys lists an account's signing keys as blocks named
// after the key's name in the configuration.
func describeSigningKeys(keys jwt.SigningKeys, name namer) []Attr {
	var out []Attr
	for key, scope := range keys {
		block := []Attr{{Key: "public_key", Value: quote(key)}}
		if us, ok := scope.(*jwt.UserScope); ok {
			block = append(block, Attr{Key: "role", Value: quote(us.Role)})
			if us.Description != "" {
				block = append(block, Attr{Key: "description", Value: quote(us.Description)})
			}
			block = append(block, nonDefault(flatten(us.Template, "template"),
				flatten(jwt.NewUserScope().Template, "template"))...)
		}
		out = append(out, Attr{Key: "signing_key " + keyLabel(name(key)), Block: block})
	}
	return out
}

// keyLabel turns the display name of a signing key (A.signing_key.dev)
// into the block label a reader wrote ("dev"); an unknown key stays a key.
func keyLabel(display string) string {
	if _, label, ok := strings.Cut(display, ".signing_key."); ok {
		return quote(label)
	}
	return display
}

// signedBy names the signing key that signed an entity, or nothing when
// its owner's identity key did.
func signedBy(issuer string, name namer) []Attr {
	n := name(issuer)
	if !strings.Contains(n, ".signing_key.") {
		return nil
	}
	return []Attr{{Key: "signed_by", Value: n}}
}

// nameAttr is the JWT's name. A new entity is shown under its name
// already, so it counts as a default there; a rename shows as a change.
func nameAttr(c *jwt.ClaimsData) Attr {
	return Attr{Key: "name", Value: quote(c.Name), Default: true}
}

// validity shows expiry and start times, when set.
func validity(c *jwt.ClaimsData) []Attr {
	var out []Attr
	if c.NotBefore != 0 {
		out = append(out, Attr{Key: "not_before", Value: stamp(c.NotBefore)})
	}
	if c.Expires != 0 {
		out = append(out, Attr{Key: "expires", Value: stamp(c.Expires)})
	}
	return out
}

// jsonValue marshals a leaf value as a reviewer reads it: subjects keep
// their > and & instead of JSON's HTML-safe escapes.
func jsonValue(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// addSigningKeys names the signing keys of the entity at addr.
func (n *names) addSigningKeys(addr string, keys map[string]string) {
	for name, pub := range keys {
		n.byKey[pub] = displayKey(addr) + ".signing_key." + name
	}
}
