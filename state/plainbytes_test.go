package state

import (
	"math/rand/v2"
	"testing"
)

// plain must agree with the byte-by-byte rule on every length and every
// position of an offending byte, and on random strings.
func TestPlainMatchesTheByteRule(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= 0x80 || c == '\\' {
				return false
			}
		}
		return true
	}
	var cases []string
	for n := range 20 {
		base := []byte("eyJhbGciOiJlZDI1NTE5In0.abc-_0123456789"[:n])
		cases = append(cases, string(base))
		for pos := range n {
			for _, bad := range []byte{0x00, 0x1f, 0x20, '\\', '"', 0x7f, 0x80, 0xff, 'A'} {
				b := append([]byte(nil), base...)
				b[pos] = bad
				cases = append(cases, string(b))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
			if r.IntN(4) > 0 {
				b[i] = byte(0x21 + r.IntN(0x5e))
			}
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if plain(s) != slow(s) {
			t.Fatalf("plain(%q) = %v", s, plain(s))
		}
	}
}
