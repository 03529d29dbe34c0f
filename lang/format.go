package lang

import "github.com/hashicorp/hcl/v2/hclwrite"

// Format returns src in the canonical layout of `natsplan fmt`: HCL's own
// formatting (indentation, aligned equals signs, spacing). It changes no
// tokens, so it never changes meaning, and it is safe on files with
// errors: what it cannot parse it leaves as it is.
func Format(src []byte) []byte {
	return hclwrite.Format(src)
}
