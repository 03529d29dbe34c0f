package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// body is a block decoded against its schemaNode: its arguments, not yet
// evaluated, and its nested blocks, decoded the same way. Evaluation
// happens later, once per instance of the block.
type body struct {
	block  *hcl.Block // its header only: Body is nil (see decodeBody)
	attrs  hcl.Attributes
	nested map[string][]*body // nil when it has none
}

// freeLabels are block types whose labels are not names (a mapping's
// label is a subject, a tier's a tier name), so checkLabel skips them.
var freeLabels = map[string]bool{"mapping": true, "tier": true}

// decodeBody decodes block and everything nested in it against n.
func decodeBody(block *hcl.Block, n *schemaNode) (*body, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	if len(block.Labels) > 0 && !freeLabels[block.Type] {
		diags = append(diags, checkLabel(block, block.Type)...)
	}
	content, more := bodyContent(block.Body, n)
	diags = append(diags, more...)
	// Keep the block's header, not its syntax body: the arguments'
	// expressions are all later phases read, and the rest of the syntax
	// tree (every nested block and its tokens' ranges) can then be freed
	// file by file instead of living until loading ends. The block is the
	// one Content made for this call, so it is cleared in place.
	block.Body = nil
	b := &body{block: block, attrs: content.Attributes}
	for _, nb := range content.Blocks {
		child := n.nested[nb.Type]
		if child.single && len(b.nested[nb.Type]) > 0 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate " + nb.Type + " block",
				Detail: fmt.Sprintf("A %s block was already declared at %s; a %s holds at most one. Merge the two.",
					nb.Type, posString(b.nested[nb.Type][0].block.DefRange), block.Type),
				Subject: nb.DefRange.Ptr(),
			})
			continue
		}
		nbody, more := decodeBody(nb, child)
		diags = append(diags, more...)
		if b.nested == nil {
			b.nested = map[string][]*body{} // most blocks of a fleet nest none
		}
		b.nested[nb.Type] = append(b.nested[nb.Type], nbody)
	}
	return b, diags
}

func (b *body) label() string { return b.block.Labels[0] }

// one returns the nested block of a type that occurs at most once, or nil.
func (b *body) one(typ string) *body {
	if list := b.nested[typ]; len(list) > 0 {
		return list[0]
	}
	return nil
}

func (b *body) ranges() Ranges { return newRanges(b.block.DefRange, b.attrs) }

// posString formats the start of a range as file:line for messages that
// point at a second place.
func posString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}
