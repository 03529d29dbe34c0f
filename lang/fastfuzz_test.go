package lang

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// FuzzFastParse holds the fast parser to hclsyntax on any input: where it
// accepts, hclsyntax must report nothing and build the same tree. The
// input is parsed from the start and, as a piece of a file is, from a
// later position. Seeds: the hand-written cases, and the corpus in
// testdata/fuzz/FuzzFastParse.
func FuzzFastParse(f *testing.F) {
	for src := range fastCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFast(t, src, hcl.InitialPos)
		checkFast(t, src, hcl.Pos{Line: 40, Column: 1, Byte: 1234})
	})
}
