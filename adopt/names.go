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
// digits, "_" and "-", starting with a letter or "_". A valid label is
// kept as it is. Others are usually subjects (nsc names exports and
// imports after them): wildcard tokens are dropped and every other
// character becomes "_", so "billing.>" becomes "billing".
func sanitize(name string) string {
	if validLabel(name) {
		return name
	}
	var kept []string
	for _, t := range strings.Split(name, ".") {
		if t != "*" && t != ">" {
			kept = append(kept, t)
		}
	}
	var b strings.Builder
	for _, c := range strings.Join(kept, ".") {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			c = '_'
		}
		if c == '_' && strings.HasSuffix(b.String(), "_") {
			continue
		}
		b.WriteRune(c)
	}
	out := strings.Trim(b.String(), "_")
	if out != "" && (out[0] >= '0' && out[0] <= '9' || out[0] == '-') {
		out = "_" + out
	}
	return out
}

// validLabel reports whether name is a label as the language reads one.
func validLabel(name string) bool {
	if name == "" {
		return false
	}
	for i, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// named labels b after name when name is not a valid label: the block
// keeps the JWT's name with name = "...", and says why.
func named(b *block, label, name string) {
	if label != name {
		b.comment("The JWT's name is not a valid label.")
		b.attr("name", quote(name))
	}
}
