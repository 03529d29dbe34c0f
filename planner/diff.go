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
// identity but their place, and their order is signed: they are compared
// place by place, and one that differs shows as removed and added whole.
func diffAttrs(before, after []Attr) []AttrDiff {
	old, now := byKey(before), byKey(after)
	var out []AttrDiff
	for _, a := range after {
		news, olds := now[a.Key], old[a.Key]
		if news == nil {
			continue // the key's group is done
		}
		now[a.Key], old[a.Key] = nil, nil
		if len(news) == 1 && len(olds) == 1 {
			out = append(out, changedAttr(olds[0], news[0])...)
			continue
		}
		out = append(out, inPlace(olds, news)...)
	}
	for _, b := range before {
		for _, r := range old[b.Key] {
			out = append(out, removed(r))
		}
		old[b.Key] = nil
	}
	return out
}

func byKey(attrs []Attr) map[string][]Attr {
	m := make(map[string][]Attr, len(attrs))
	for _, a := range attrs {
		m[a.Key] = append(m[a.Key], a)
	}
	return m
}

// inPlace compares blocks that repeat under one key, place by place.
func inPlace(olds, news []Attr) []AttrDiff {
	var out []AttrDiff
	for i := range max(len(olds), len(news)) {
		switch {
		case i >= len(olds):
			out = append(out, added(news[i]))
		case i >= len(news):
			out = append(out, removed(olds[i]))
		case len(changedAttr(olds[i], news[i])) > 0:
			out = append(out, removed(olds[i]), added(news[i]))
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
