package state

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// secretPattern matches the text forms of nkey secrets. A seed is 36 bytes
// (2 prefix bytes, 32 of seed, a 2-byte CRC) in unpadded base32: 58 chars.
// nkeys builds the prefix so that the first char is always 'S' and the
// second is the kind of the public key: O(perator), A(ccount), U(ser),
// N (server), C(luster) or X (curve). An encoded private key is 'P' plus
// 107 chars (1 prefix byte, 64 key bytes, CRC).
//
// hasSecret is the scanner Write uses; this expression is its
// specification, and the tests hold the two to each other.
var secretPattern = regexp.MustCompile(`S[OAUNCX][A-Z2-7]{56}|P[A-Z2-7]{107}`)

// Lengths of the secret forms secretPattern describes.
const (
	seedLen    = 58
	privKeyLen = 108
)

// base32Chars marks the alphabet of encoded nkeys, [A-Z2-7].
var base32Chars = func() (t [256]bool) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '2'; c <= '7'; c++ {
		t[c] = true
	}
	return t
}()

// hasSecret reports whether secretPattern matches somewhere in b. It walks
// b once, measuring runs of base32 characters; only a run long enough to
// hold a seed is looked at closely. State is mostly base64url JWTs, whose
// lower-case letters keep runs short, so this is a plain linear scan (the
// regexp engine was the largest cost of writing a big state).
func hasSecret[T string | []byte](b T) bool {
	for i := 0; i < len(b); {
		if !base32Chars[b[i]] {
			i++
			continue
		}
		start := i
		for i < len(b) && base32Chars[b[i]] {
			i++
		}
		if i-start >= seedLen && runHasSecret(b[start:i]) {
			return true
		}
	}
	return false
}

// runHasSecret looks for the start of a secret in a run of base32 chars.
func runHasSecret[T string | []byte](run T) bool {
	for j := 0; j+seedLen <= len(run); j++ {
		switch {
		case run[j] == 'S' && strings.IndexByte("OAUNCX", run[j+1]) >= 0:
			return true
		case run[j] == 'P' && j+privKeyLen <= len(run):
			return true
		}
	}
	return false
}

// findSecret reports where in s something that looks like an nkey seed or
// private key appears: a resource address, or "state" for the top level.
// encoded is s as Write is about to store it: one scan of it covers every
// field, and only when it finds something are resources encoded one by one
// to say which. JWT claims are base64-encoded, so a seed copied into a
// claim by mistake would not show in that scan; each JWT's header and
// payload are decoded and scanned too. The secret itself is never
// returned, so the caller cannot print it.
func findSecret(s *State, encoded []byte) (where string, found bool) {
	if hasSecret(encoded) {
		for _, addr := range s.Addresses() {
			if b, _ := json.Marshal(s.Resources[addr]); hasSecret(b) {
				return "resource " + addr, true
			}
		}
		return "state", true
	}
	if inJWT := jwtsWithSecrets(s); len(inJWT) > 0 {
		sort.Strings(inJWT)
		return "the JWT of resource " + inJWT[0], true
	}
	return "", false
}

// jwtsWithSecrets returns the addresses whose JWT claims hold something
// shaped like a secret, scanning on all cores.
func jwtsWithSecrets(s *State) []string {
	addrs := make([]string, 0, len(s.Resources))
	for a := range s.Resources {
		addrs = append(addrs, a)
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(addrs)/1000))
	found := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var buf jwtScratch
			for i := w; i < len(addrs); i += workers {
				if r := s.Resources[addrs[i]]; r != nil && buf.hasSecret(r.JWT) {
					found[w] = append(found[w], addrs[i])
				}
			}
		})
	}
	wg.Wait()
	var out []string
	for _, f := range found {
		out = append(out, f...)
	}
	return out
}

// jwtScratch holds the buffers of hasSecret, reused from one JWT to the
// next: a large state holds a hundred thousand of them.
type jwtScratch struct{ src, dst []byte }

// hasSecret decodes the header and payload of a compact JWT and scans
// them. Segments that do not decode are not JWT claims and were already
// scanned as plain text.
func (sc *jwtScratch) hasSecret(token string) bool {
	for range 2 {
		seg, rest, ok := strings.Cut(token, ".")
		if !ok {
			return false
		}
		token = rest
		sc.src = append(sc.src[:0], strings.TrimRight(seg, "=")...)
		n := base64.RawURLEncoding.DecodedLen(len(sc.src))
		if cap(sc.dst) < n {
			sc.dst = make([]byte, n)
		}
		m, err := base64.RawURLEncoding.Decode(sc.dst[:n], sc.src)
		if err == nil && hasSecret(sc.dst[:m]) {
			return true
		}
	}
	return false
}
