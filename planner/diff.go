package planner

// AttrDiff is one changed line of an entity's claims.
type AttrDiff struct {
	Action Action
	Key    string
	Before string // empty for an addition
	After  string // empty for a removal
	Block  []AttrDiff
}

// IsBlock reports whether the line is a nested block.
func (d AttrDiff) IsBlock() bool { return d.Block != nil }

// diffAttrs compares two descriptions key by key. Blocks present on both
// sides are compared attribute by attribute, so a changed export subject
// shows as one "~ subject" line inside "~ service".
func diffAttrs(before, after []Attr) []AttrDiff {
	old := map[string]Attr{}
	for _, a := range before {
		old[a.Key] = a
	}
	seen := map[string]bool{}
	var out []AttrDiff
	for _, a := range after {
		seen[a.Key] = true
		b, existed := old[a.Key]
		switch {
		case !existed:
			out = append(out, added(a))
		case a.Block != nil || b.Block != nil:
			if sub := diffAttrs(b.Block, a.Block); len(sub) > 0 {
				out = append(out, AttrDiff{Action: Update, Key: a.Key, Block: sub})
			}
		case a.Value != b.Value:
			out = append(out, AttrDiff{Action: Update, Key: a.Key, Before: b.Value, After: a.Value})
		}
	}
	for _, b := range before {
		if !seen[b.Key] {
			out = append(out, removed(b))
		}
	}
	return out
}

func added(a Attr) AttrDiff {
	d := AttrDiff{Action: Create, Key: a.Key, After: a.Value}
	for _, s := range a.Block {
		d.Block = append(d.Block, added(s))
	}
	if a.Block != nil && d.Block == nil {
		d.Block = []AttrDiff{}
	}
	return d
}

func removed(a Attr) AttrDiff {
	d := AttrDiff{Action: Delete, Key: a.Key, Before: a.Value}
	for _, s := range a.Block {
		d.Block = append(d.Block, removed(s))
	}
	if a.Block != nil && d.Block == nil {
		d.Block = []AttrDiff{}
	}
	return d
}

// creation lists the non-default attributes of a new entity as additions.
func creation(after []Attr) []AttrDiff {
	var out []AttrDiff
	for _, a := range after {
		if !a.Default {
			out = append(out, added(a))
		}
	}
	return out
}
