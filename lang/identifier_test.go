package lang

import (
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// validIdentifier must agree with hclsyntax on every name: hand-picked
// ones, and every string of up to three characters over an alphabet of
// the characters that matter.
func TestValidIdentifierAgreesWithHCL(t *testing.T) {
	names := []string{"", "a", "A000001", "_x", "-x", "x-", "1a", "a b", "a.b", "déjà", "ü", "a\u00e9", "\u212a", "a\x00"}
	alphabet := []string{"a", "Z", "_", "-", "0", "9", ".", " ", "é", "\x80", "$"}
	var grow func(prefix string, depth int)
	grow = func(prefix string, depth int) {
		names = append(names, prefix)
		if depth == 3 {
			return
		}
		for _, c := range alphabet {
			grow(prefix+c, depth+1)
		}
	}
	grow("", 0)
	for _, n := range names {
		if got, want := validIdentifier(n), hclsyntax.ValidIdentifier(n); got != want {
			t.Errorf("validIdentifier(%q) = %v, hclsyntax says %v", n, got, want)
		}
	}
}
