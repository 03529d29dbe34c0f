package state

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
)

// secretPattern matches the text forms of nkey secrets. A seed is 36 bytes
// (2 prefix bytes, 32 of seed, a 2-byte CRC) in unpadded base32: 58 chars.
// nkeys builds the prefix so that the first char is always 'S' and the
// second is the kind of the public key: O(perator), A(ccount), U(ser),
// N (server), C(luster) or X (curve). An encoded private key is 'P' plus
// 107 chars (1 prefix byte, 64 key bytes, CRC).
var secretPattern = regexp.MustCompile(`S[OAUNCX][A-Z2-7]{56}|P[A-Z2-7]{107}`)

// findSecret reports where in s something that looks like an nkey seed or
// private key appears: a resource address, or "state" for the top level.
// It also looks inside JWTs, whose claims are base64-encoded, because a seed
// copied into a claim by mistake would not match in its encoded form. The
// secret itself is never returned, so the caller cannot print it.
func findSecret(s *State) (where string, found bool) {
	for _, addr := range s.Addresses() {
		r := s.Resources[addr]
		b, _ := json.Marshal(r)
		if secretPattern.Match(b) {
			return "resource " + addr, true
		}
		if jwtHasSecret(r.JWT) {
			return "the JWT of resource " + addr, true
		}
	}
	b, _ := json.Marshal(s)
	if secretPattern.Match(b) {
		return "state", true
	}
	return "", false
}

// jwtHasSecret decodes the header and payload of a compact JWT and scans
// them. Segments that do not decode are not JWT claims and were already
// scanned as plain text.
func jwtHasSecret(token string) bool {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts[:2] {
		raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(p, "="))
		if err == nil && secretPattern.Match(raw) {
			return true
		}
	}
	return false
}
