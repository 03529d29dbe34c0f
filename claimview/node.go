package claimview

import "sort"

// node is a block being described: its lines in the order of the table's
// fields, structural blocks found again by key.
type node struct {
	kids  []*node
	byKey map[string]*node // structural blocks

	key, value string
	block      bool
	def        bool
	rank       int
}

func (n *node) leaf(key, value string, def bool, rank int) {
	n.kids = append(n.kids, &node{key: key, value: value, def: def, rank: rank})
}

// structural returns the block key of n (limits, jetstream, template),
// made on first use; it shows only for what it holds.
func (n *node) structural(key string, rank int) *node {
	if b, ok := n.byKey[key]; ok {
		b.rank = min(b.rank, rank)
		return b
	}
	b := &node{key: key, block: true, def: true, rank: rank}
	if n.byKey == nil {
		n.byKey = map[string]*node{}
	}
	n.byKey[key] = b
	n.kids = append(n.kids, b)
	return b
}

// element adds a block that stands for an entry of its own (a service,
// an import, a mapping destination): it shows even when empty.
func (n *node) element(key string, rank int) *node {
	b := &node{key: key, block: true, rank: rank}
	n.kids = append(n.kids, b)
	return b
}

// attrs returns the lines of n, ordered by the table.
func (n *node) attrs() []Attr {
	sort.SliceStable(n.kids, func(i, j int) bool { return n.kids[i].rank < n.kids[j].rank })
	out := make([]Attr, 0, len(n.kids))
	for _, k := range n.kids {
		a := Attr{Key: k.key, Value: k.value, Default: k.def}
		if k.block {
			a.Block = k.attrs()
		}
		out = append(out, a)
	}
	return out
}
