package lang

import (
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// stringText reads a quoted string at c.i and returns its text. The
// subset is a string on one line of printable ASCII without escapes or
// template sequences, whose text is then exactly its bytes: hclsyntax
// would decode "\" escapes, "$${" and "%%{", interpolate "${" and "%{",
// and normalise anything else to NFC.
func (c *cursor) stringText() string {
	c.i++ // the opening quote
	from := c.i
	for {
		switch ch := c.peek(); {
		case ch == '"':
			text := string(c.src[from:c.i])
			c.i++
			return text
		case ch < ' ' || ch > '~' || ch == '\\':
			c.fail()
		case (ch == '$' || ch == '%') && c.at(c.i+1) == '{':
			c.fail()
		}
		c.i++
	}
}

// template parses a quoted string as hclsyntax does: a TemplateExpr over
// the quotes, with one literal part between them. An empty string's part
// is an empty range, placed (as hclsyntax places it) after the closing
// quote.
func (c *cursor) template() hclsyntax.Expression {
	open := c.i
	text := c.stringText()
	close := c.i - 1
	part := c.rng(open+1, close)
	if open+1 == close {
		part = c.rng(c.i, c.i)
	}
	return &hclsyntax.TemplateExpr{
		Parts:    []hclsyntax.Expression{&hclsyntax.LiteralValueExpr{Val: cty.StringVal(text), SrcRange: part}},
		SrcRange: c.rng(open, c.i),
	}
}
