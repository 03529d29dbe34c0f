package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// tuple parses a list, "[" elements separated by commas "]", where
// newlines and comments may come anywhere. hclsyntax reads "[for" as a
// for expression, which the subset leaves out.
func (c *cursor) tuple() hclsyntax.Expression {
	defer c.nest()()
	open := c.rng(c.i, c.i+1)
	c.i++
	var exprs []hclsyntax.Expression
	c.blank()
	if c.peek() == 'f' && c.startsWord("for") {
		c.fail()
	}
	for c.peek() != ']' {
		exprs = append(exprs, c.expression(exprTuple))
		if c.peek() == ',' {
			c.i++
			c.blank()
		}
	}
	close := c.rng(c.i, c.i+1)
	c.i++
	return &hclsyntax.TupleConsExpr{Exprs: exprs, SrcRange: hcl.RangeBetween(open, close), OpenRange: open}
}

// startsWord reports whether the identifier at c.i is word.
func (c *cursor) startsWord(word string) bool {
	end := c.i + len(word)
	return end <= len(c.src) && string(c.src[c.i:end]) == word && !isIdentByte(c.at(end))
}
