package state

import "encoding/binary"

// Bytes repeated in every byte of a word, for the word-at-a-time test.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plain reports whether s holds only bytes the lexer takes as a string's
// content without decoding it: printable ASCII other than the backslash. A state file is mostly
// JWTs, a hundred megabytes for a large fleet, so this looks at eight
// bytes at a time instead of one.
func plain[T string | []byte](s T) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		if x&highs != 0 || hasLess(x, 0x20) || hasZero(x^(ones*'\\')) {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '\\' {
			return false
		}
	}
	return true
}

// hasZero reports whether some byte of x is zero.
func hasZero(x uint64) bool { return (x-ones)&^x&highs != 0 }

// hasLess reports whether some byte of x is below n (n <= 128), for x
// with no high bit set.
func hasLess(x uint64, n uint64) bool { return (x-ones*n)&^x&highs != 0 }
