package adopt

import (
	"fmt"
	"strings"
)

// labels hands out block labels that are unique in one namespace (the
// accounts, the users of one account, ...).
type labels map[string]bool

// take returns a valid, unused label for name: the name itself when it
// is one, else the name with every other character replaced by "_" (and
// "_" in front of a leading digit or dash), numbered when taken already.
// fallback is used for an empty name.
func (l labels) take(name, fallback string) string {
	base := sanitize(name)
	if base == "" {
		base = fallback
	}
	label := base
	for n := 2; l[label]; n++ {
		label = fmt.Sprintf("%s_%d", base, n)
	}
	l[label] = true
	return label
}

// sanitize makes name a label the language accepts: ASCII letters,
// digits, "_" and "-", starting with a letter or "_".
func sanitize(name string) string {
	var b strings.Builder
	for i, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9', c == '-':
			if i == 0 {
				b.WriteByte('_')
			}
		default:
			c = '_'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// renamed is the comment put above a block whose label is not the JWT's
// name.
func renamed(name string) string {
	return fmt.Sprintf("nsc name: %q (not a valid label; the JWT's name changes on the next signing)", name)
}

// named labels b after name when name is not a valid label: the block
// keeps the JWT's name with name = "...", and says why.
func named(b *block, label, name string) {
	if label != name {
		b.comment("%q is not a valid label: the block is %q and keeps the JWT's name", name, label)
		b.attr("name", quote(name))
	}
}
