package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns src in the canonical layout of `natsplan fmt`: HCL's own
// formatting (indentation, aligned equals signs, spacing). It changes no
// tokens, so it never changes meaning, and it is safe on files with
// errors: what it cannot parse it leaves as it is. A file nested deeper
// than MaxNesting is left as it is too (validate reports it): the
// indentation of nested blocks grows as the square of their depth, and
// 200,000 of them took the memory of the machine.
func Format(src []byte) []byte {
	if nestingProblem(src, "", hcl.InitialPos, false) != nil {
		return src
	}
	return hclwrite.Format(src)
}
