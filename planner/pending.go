package planner

import "strings"

// publicKeyLen is the length of an encoded nkey public key.
const publicKeyLen = 56

// hidePending replaces every placeholder key in s with "(known after
// apply)"; a value that is nothing but a quoted placeholder becomes the bare
// phrase. It scans s once for runs of base32 characters and looks each
// key-sized window up in the pending set, so its cost does not grow with
// the number of placeholders (a first apply of a large fleet has one per
// entity, and trying each of them on every value was quadratic).
func (n *names) hidePending(s string) string {
	if len(s) < publicKeyLen {
		return s
	}
	if len(s) == publicKeyLen+2 && s[0] == '"' && s[len(s)-1] == '"' {
		if _, ok := n.pending[s[1:len(s)-1]]; ok {
			return knownAfterApply
		}
	}
	var b strings.Builder
	last := 0 // s[:last] is already in b
	for i := 0; i+publicKeyLen <= len(s); {
		if !isBase32(s[i]) {
			i++
			continue
		}
		if _, ok := n.pending[s[i:i+publicKeyLen]]; ok {
			b.WriteString(s[last:i])
			b.WriteString(knownAfterApply)
			i += publicKeyLen
			last = i
			continue
		}
		i++
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// isBase32 reports whether c is in the alphabet of encoded nkeys.
func isBase32(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '2' && c <= '7' }
