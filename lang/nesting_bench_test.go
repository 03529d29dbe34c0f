package lang

import (
	"bytes"
	"testing"

	"github.com/natsplan/natsplan/internal/fleet"
)

// The nesting check on one file of a fleet, against the fast parser it
// runs before: the check must stay a small part of parsing.
func BenchmarkNestingFleetFile(b *testing.B) {
	var buf bytes.Buffer
	if err := fleet.Standard(fleet.AccountsPerFile).Write(&buf); err != nil {
		b.Fatal(err)
	}
	src := buf.Bytes()
	b.Run("check", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			if scanNesting(src, false) >= 0 {
				b.Fatal("too deep")
			}
		}
	})
	b.Run("fast parse", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			for _, p := range splitFile(0, src) {
				if fastParse(src[p.start:p.end], "f.hcl", p.pos) == nil {
					b.Fatal("declined")
				}
			}
		}
	})
}
