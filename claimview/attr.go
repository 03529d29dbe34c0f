package claimview

import "strings"

// Attr is one line of an entity's claims as a reviewer reads it: a scalar
// attribute (Key = Value) or a nested block (Key { Block... }).
type Attr struct {
	Key   string
	Value string
	Block []Attr
	// Default is set on a value equal to the language's default, and on
	// a structural block (limits, jetstream) that is shown only for what
	// it holds: a creation and `show` omit such lines.
	Default bool
}

// IsBlock reports whether the attribute is a nested block.
func (a Attr) IsBlock() bool { return a.Block != nil }

// Namer turns a public key into the name a reviewer knows it by, or
// returns the key when it has none.
type Namer func(key string) string

// NonDefault keeps the attributes that differ from the defaults: what a
// creation shows and what `show` lists. A block survives when it holds
// such an attribute or is an element of its own (a service, an import).
func NonDefault(attrs []Attr) []Attr {
	var out []Attr
	for _, a := range attrs {
		if a.Block == nil {
			if !a.Default {
				out = append(out, a)
			}
			continue
		}
		kids := NonDefault(a.Block)
		if len(kids) == 0 && a.Default {
			continue
		}
		if kids == nil {
			kids = []Attr{}
		}
		a.Block = kids
		out = append(out, a)
	}
	return out
}

// Flatten lists the scalar attributes under dotted paths of their block
// keys ("limits.connections", `service "help".subject`); an empty block is
// one line with an empty value.
func Flatten(attrs []Attr) [][2]string {
	var out [][2]string
	var walk func(prefix string, attrs []Attr)
	walk = func(prefix string, attrs []Attr) {
		for _, a := range attrs {
			key := a.Key
			if prefix != "" {
				key = prefix + "." + a.Key
			}
			switch {
			case a.Block == nil:
				out = append(out, [2]string{key, a.Value})
			case len(a.Block) == 0:
				out = append(out, [2]string{key, "{}"})
			default:
				walk(key, a.Block)
			}
		}
	}
	walk("", attrs)
	return out
}

// joinKey is the dotted path of an attribute inside blocks.
func joinKey(parts ...string) string { return strings.Join(parts, ".") }
