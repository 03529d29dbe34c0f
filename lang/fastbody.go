package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The bodies, blocks and arguments of the fast parser, built exactly as
// hclsyntax's parser builds them (its ParseBody, finishParsingBodyBlock,
// parseSingleAttrBody and finishParsingBodyAttribute), ranges included.

// fileBody parses the whole input as the top-level body. Its range starts
// where hclsyntax's first token does (a line comment counts, as the
// newline hclsyntax makes of it) and ends at the end of the input.
func (c *cursor) fileBody() *hclsyntax.Body {
	c.spaces()
	first := c.i
	if c.atLineComment() && !c.commentEndsLine() {
		first = len(c.src)
	}
	start := c.rng(first, first)
	return c.body(start, false)
}

// commentEndsLine reports whether the line comment at c.i ends with a
// newline rather than the input.
func (c *cursor) commentEndsLine() bool {
	for i := c.i; i < len(c.src); i++ {
		if c.src[i] == '\n' {
			return true
		}
	}
	return false
}

// body parses arguments and blocks, one a line, up to "}" (inBlock) or
// the end of the input. open is the range of the token before the body:
// "{", or for the top level the first token.
func (c *cursor) body(open hcl.Range, inBlock bool) *hclsyntax.Body {
	b := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, Blocks: hclsyntax.Blocks{}}
	var end hcl.Range
	for {
		c.blank()
		if c.eof() {
			if inBlock {
				c.fail() // unclosed block
			}
			end = c.rng(c.i, c.i)
			break
		}
		if c.peek() == '}' && inBlock {
			end = c.rng(c.i, c.i+1)
			c.i++
			break
		}
		c.bodyItem(b)
	}
	b.SrcRange = hcl.RangeBetween(open, end)
	b.EndRange = hcl.Range{Filename: end.Filename, Start: end.End, End: end.End}
	return b
}

// bodyItem parses one argument or block into b.
func (c *cursor) bodyItem(b *hclsyntax.Body) {
	if !isIdentStart(c.peek()) {
		c.fail()
	}
	name, nameRange := c.ident()
	c.spaces()
	switch ch := c.peek(); {
	case ch == '=':
		attr := c.attribute(name, nameRange, false)
		if _, dup := b.Attributes[name]; dup {
			c.fail() // hclsyntax reports it
		}
		b.Attributes[name] = attr
	case ch == '"' || ch == '{' || isIdentStart(ch):
		b.Blocks = append(b.Blocks, c.block(name, nameRange))
	default:
		c.fail()
	}
}

// attribute parses "= expression" after the name, and on a line of its
// own, the end of the line.
func (c *cursor) attribute(name string, nameRange hcl.Range, singleLine bool) *hclsyntax.Attribute {
	if next := c.at(c.i + 1); next == '=' || next == '>' {
		c.fail() // "==" or "=>"
	}
	equals := c.rng(c.i, c.i+1)
	c.i++
	c.spaces()
	ctx := exprLine
	if singleLine {
		ctx = exprSingleLine
	}
	expr := c.expression(ctx)
	attr := &hclsyntax.Attribute{
		Name:        name,
		Expr:        expr,
		SrcRange:    hcl.RangeBetween(nameRange, expr.Range()),
		NameRange:   nameRange,
		EqualsRange: equals,
	}
	if !singleLine {
		c.endOfLine()
	}
	return attr
}
