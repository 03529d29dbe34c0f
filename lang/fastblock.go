package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// block parses a block after its type: labels, then a body in braces,
// then the end of its line.
func (c *cursor) block(typ string, typeRange hcl.Range) *hclsyntax.Block {
	defer c.nest()()
	b := &hclsyntax.Block{Type: typ, TypeRange: typeRange}
	for c.peek() != '{' {
		var label string
		var rng hcl.Range
		switch ch := c.peek(); {
		case ch == '"':
			label, rng = c.quotedLabel()
		case isIdentStart(ch):
			label, rng = c.ident()
		default:
			c.fail()
		}
		b.Labels = append(b.Labels, label)
		b.LabelRanges = append(b.LabelRanges, rng)
		c.spaces()
	}
	b.OpenBraceRange = c.rng(c.i, c.i+1)
	c.i++
	c.spaces()
	if c.peek() == '\n' || c.peek() == '}' || c.atLineComment() {
		b.Body = c.body(b.OpenBraceRange, true)
	} else {
		b.Body = c.singleLineBody()
	}
	b.CloseBraceRange = c.rng(c.i-1, c.i)
	c.endOfLine()
	return b
}

// singleLineBody parses the body of a block written on one line, as in
// `limits { connections = 100 }`: one argument, then the closing brace.
// hclsyntax gives such a body no blocks (nil) and its argument's range.
func (c *cursor) singleLineBody() *hclsyntax.Body {
	if !isIdentStart(c.peek()) {
		c.fail()
	}
	name, nameRange := c.ident()
	c.spaces()
	if c.peek() != '=' {
		c.fail()
	}
	attr := c.attribute(name, nameRange, true)
	c.spaces()
	if c.peek() != '}' {
		c.fail()
	}
	c.i++
	end := attr.SrcRange.End
	return &hclsyntax.Body{
		Attributes: hclsyntax.Attributes{name: attr},
		SrcRange:   attr.SrcRange,
		EndRange:   hcl.Range{Filename: c.filename, Start: end, End: end},
	}
}

// quotedLabel reads a block label in quotes: its text and the range of
// the quotes and all between.
func (c *cursor) quotedLabel() (string, hcl.Range) {
	from := c.i
	text := c.stringText()
	return text, c.rng(from, c.i)
}
