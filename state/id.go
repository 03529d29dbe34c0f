package state

import (
	"crypto/rand"
	"fmt"
)

// newLineage returns the random id that names a state's history. Two states
// with different lineages never descend from each other, which is what lets
// Write and saved plans refuse to mix them up.
func newLineage() string { return newID() }

// newID returns a random RFC 4122 version 4 UUID. crypto/rand cannot fail on
// supported platforms (Go 1.24+ aborts instead), so there is no error path.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
