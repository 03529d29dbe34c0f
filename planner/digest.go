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
