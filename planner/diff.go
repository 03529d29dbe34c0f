package planner

import "github.com/natsplan/natsplan/claimview"

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
// shows as one "~ subject" line inside "~ service". Blocks that repeat
// under one key (a mapping's destinations, a user's time windows) have no
// identity but their content: one that is not on the other side shows as
// removed or added whole.
func diffAttrs(before, after []Attr) []AttrDiff {
	old := map[string][]Attr{}
	for _, a := range before {
		old[a.Key] = append(old[a.Key], a)
	}
	count := map[string]int{}
	for _, a := range after {
		count[a.Key]++
	}
	var out []AttrDiff
	for _, a := range after {
		olds := old[a.Key]
		switch {
		case len(olds) == 1 && count[a.Key] == 1:
			out = append(out, changedAttr(olds[0], a)...)
			old[a.Key] = nil
		case len(olds) > 0 && takeSame(old, a):
		default:
			out = append(out, added(a))
		}
	}
	for _, b := range before {
		if rest := old[b.Key]; len(rest) > 0 {
			for _, r := range rest {
				out = append(out, removed(r))
			}
			old[b.Key] = nil
		}
	}
	return out
}

// changedAttr compares one attribute present on both sides.
func changedAttr(b, a Attr) []AttrDiff {
	if a.Block != nil || b.Block != nil {
		if sub := diffAttrs(b.Block, a.Block); len(sub) > 0 {
			return []AttrDiff{{Action: Update, Key: a.Key, Block: sub}}
		}
		return nil
	}
	if a.Value != b.Value {
		return []AttrDiff{{Action: Update, Key: a.Key, Before: b.Value, After: a.Value}}
	}
	return nil
}

// takeSame removes from old[a.Key] an attribute equal to a, if any.
func takeSame(old map[string][]Attr, a Attr) bool {
	for i, b := range old[a.Key] {
		if len(diffAttrs([]Attr{b}, []Attr{a})) == 0 {
			old[a.Key] = append(old[a.Key][:i:i], old[a.Key][i+1:]...)
			return true
		}
	}
	return false
}

// added is a line only the new claims have; a block shows what it holds
// beyond the defaults.
func added(a Attr) AttrDiff {
	d := AttrDiff{Action: Create, Key: a.Key, After: a.Value}
	if a.Block != nil {
		d.Block = []AttrDiff{}
		for _, s := range claimview.NonDefault(a.Block) {
			d.Block = append(d.Block, added(s))
		}
	}
	return d
}

func removed(a Attr) AttrDiff {
	d := AttrDiff{Action: Delete, Key: a.Key, Before: a.Value}
	if a.Block != nil {
		d.Block = []AttrDiff{}
		for _, s := range claimview.NonDefault(a.Block) {
			d.Block = append(d.Block, removed(s))
		}
	}
	return d
}

// creation lists the non-default attributes of a new entity as additions.
func creation(after []Attr) []AttrDiff {
	var out []AttrDiff
	for _, a := range claimview.NonDefault(after) {
		out = append(out, added(a))
	}
	return out
}
