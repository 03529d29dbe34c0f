package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// exprContext is where an expression stands, which decides what may
// follow it. Whatever else follows (an operator, a dot after a literal,
// brackets, parentheses, "?") would make hclsyntax build a larger
// expression, so the fast parser gives up on it.
type exprContext int

const (
	exprLine       exprContext = iota // an argument on its own line: then the line ends
	exprSingleLine                    // the argument of a one-line block: then "}"
	exprTuple                         // an element of a list: then "," or "]"
)

// expression parses one term and checks that it is the whole expression.
func (c *cursor) expression(ctx exprContext) hclsyntax.Expression {
	expr := c.term()
	switch ctx {
	case exprLine:
		c.spaces()
		if !c.eof() && c.peek() != '\n' && !c.atLineComment() {
			c.fail()
		}
	case exprSingleLine:
		c.spaces()
		if c.peek() != '}' {
			c.fail()
		}
	case exprTuple:
		c.blank()
		if c.peek() != ',' && c.peek() != ']' {
			c.fail()
		}
	}
	return expr
}

// term parses a quoted string, a number, true, false, null, a reference
// (a name and attribute names after dots) or a list.
func (c *cursor) term() hclsyntax.Expression {
	switch ch := c.peek(); {
	case ch == '"':
		return c.template()
	case '0' <= ch && ch <= '9':
		return c.number()
	case isIdentStart(ch):
		return c.reference()
	case ch == '[':
		return c.tuple()
	}
	c.fail()
	return nil
}

// number parses a number literal: digits, optionally a fraction and an
// exponent, which is all hclsyntax's lexer takes for one.
func (c *cursor) number() hclsyntax.Expression {
	from := c.i
	c.digits()
	if c.peek() == '.' && isDigit(c.at(c.i+1)) {
		c.i++
		c.digits()
	}
	if e := c.peek(); e == 'e' || e == 'E' {
		at := c.i + 1
		if s := c.at(at); s == '+' || s == '-' {
			at++
		}
		if isDigit(c.at(at)) {
			c.i = at
			c.digits()
		}
	}
	val, err := cty.ParseNumberVal(string(c.src[from:c.i]))
	if err != nil {
		c.fail()
	}
	return &hclsyntax.LiteralValueExpr{Val: val, SrcRange: c.rng(from, c.i)}
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func (c *cursor) digits() {
	for isDigit(c.peek()) {
		c.i++
	}
}

// reference parses true, false, null, or a name followed by any number of
// ".name".
func (c *cursor) reference() hclsyntax.Expression {
	name, rng := c.ident()
	switch name {
	case "true":
		return &hclsyntax.LiteralValueExpr{Val: cty.True, SrcRange: rng}
	case "false":
		return &hclsyntax.LiteralValueExpr{Val: cty.False, SrcRange: rng}
	case "null":
		return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: rng}
	}
	trav := append(make(hcl.Traversal, 0, 4), hcl.TraverseRoot{Name: name, SrcRange: rng}) // account.A.service.svc in one allocation
	whole := rng
	for c.peek() == '.' && isIdentStart(c.at(c.i+1)) {
		dot := c.i
		c.i++
		attr, attrRange := c.ident()
		step := c.rng(dot, c.i)
		trav = append(trav, hcl.TraverseAttr{Name: attr, SrcRange: step})
		whole.End = attrRange.End
	}
	return &hclsyntax.ScopeTraversalExpr{Traversal: trav, SrcRange: whole}
}
