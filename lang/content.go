package lang

import (
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// bodyContent is body.Content(n.schema). For a syntax body that fits the
// schema exactly (known arguments and block types, every required
// argument, the right number of labels) it is built here, directly:
// hclsyntax's Content checks each block against every argument of its
// schema and makes several maps per block, which for a fleet's hundred
// thousand blocks was a tenth of a plan. Anything else goes to Content,
// which also writes the diagnostics. TestContentMatchesHCL holds the two
// to the same result.
func bodyContent(body hcl.Body, n *schemaNode) (*hcl.BodyContent, hcl.Diagnostics) {
	if sb, ok := body.(*hclsyntax.Body); ok {
		if c, ok := n.fit(sb); ok {
			return c, nil
		}
	}
	return body.Content(n.schema)
}

// schemaIndex is a schema's names, for fit.
type schemaIndex struct {
	attrs    map[string]bool
	required []string
	labels   map[string]int // block type -> number of labels
}

func (n *schemaNode) index() *schemaIndex {
	n.once.Do(func() {
		x := &schemaIndex{attrs: map[string]bool{}, labels: map[string]int{}}
		for _, a := range n.schema.Attributes {
			x.attrs[a.Name] = true
			if a.Required {
				x.required = append(x.required, a.Name)
			}
		}
		for _, b := range n.schema.Blocks {
			x.labels[b.Type] = len(b.LabelNames)
		}
		n.idx = x
	})
	return n.idx
}

// fit returns b's content under n's schema, or false when b does not fit
// it exactly and Content must say why.
func (n *schemaNode) fit(b *hclsyntax.Body) (*hcl.BodyContent, bool) {
	x := n.index()
	for name := range b.Attributes {
		if !x.attrs[name] {
			return nil, false
		}
	}
	for _, name := range x.required {
		if _, ok := b.Attributes[name]; !ok {
			return nil, false
		}
	}
	for _, blk := range b.Blocks {
		if want, ok := x.labels[blk.Type]; !ok || len(blk.Labels) != want {
			return nil, false
		}
	}
	c := &hcl.BodyContent{MissingItemRange: b.MissingItemRange()}
	if len(b.Attributes) > 0 { // nil otherwise, which reads as empty: most blocks of a fleet set none
		c.Attributes = make(hcl.Attributes, len(b.Attributes))
		for name, a := range b.Attributes {
			c.Attributes[name] = a.AsHCLAttribute()
		}
	}
	for _, blk := range b.Blocks {
		c.Blocks = append(c.Blocks, blk.AsHCLBlock())
	}
	return c, true
}

// schemaOnce guards a schemaNode's index; a field of its own so that
// schemaNode literals need not mention it.
type schemaOnce struct {
	once sync.Once
	idx  *schemaIndex
}
