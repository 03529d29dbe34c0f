package lang

import "github.com/hashicorp/hcl/v2/hclsyntax"

// validIdentifier is hclsyntax.ValidIdentifier, answered without running
// the HCL scanner for ASCII names: a fleet has a label per entity, and
// scanning each was a tenth of a large plan's CPU. HCL identifiers start
// with a letter or underscore and go on with letters, digits, underscores
// and dashes; names with other bytes are left to hclsyntax.
func validIdentifier(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 0x80:
			return hclsyntax.ValidIdentifier(name)
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}
