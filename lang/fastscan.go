package lang

import (
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// cursor walks the source for the fast parser (fastparse.go) and knows
// the hcl.Pos of every offset. Every byte it lets through as part of a
// token is ASCII (anything else makes the parser give up), so a column is
// one plus the number of bytes since the line began, as hclsyntax, which
// counts grapheme clusters, would count it too.
type cursor struct {
	src      []byte
	filename string
	i        int // the next byte
	base     int // hcl.Pos.Byte of src[0]

	line      int // line of src[i]
	lineStart int // offset of the first byte of that line ...
	lineCol   int // ... and its column: the start's column on the first line

	depth int // of blocks and lists now open
}

// maxDepth is how deeply blocks and lists may nest on the fast path.
// hclsyntax's parser recurses through a dozen calls a level, and runs out
// of stack on input nested deeply enough; the fast parser leaves such
// input to it, so that it fails as it always did.
const maxDepth = 64

// nest notes that a block or list opens, and closes it when the returned
// function runs.
func (c *cursor) nest() func() {
	if c.depth++; c.depth > maxDepth {
		c.fail()
	}
	return c.unnest
}

func (c *cursor) unnest() { c.depth-- }

// giveUp is what the fast parser panics with when the input is outside
// its subset; fastParse recovers it and hclsyntax parses the input.
type giveUp struct{}

func newCursor(src []byte, filename string, start hcl.Pos) *cursor {
	return &cursor{src: src, filename: filename, base: start.Byte, line: start.Line, lineCol: start.Column}
}

// fail gives up on the input.
func (c *cursor) fail() { panic(giveUp{}) }

// pos is the position of offset i, on the current line.
func (c *cursor) pos(i int) hcl.Pos {
	return hcl.Pos{Line: c.line, Column: c.lineCol + i - c.lineStart, Byte: c.base + i}
}

// rng is the range of bytes [from, to) of the current line.
func (c *cursor) rng(from, to int) hcl.Range {
	return hcl.Range{Filename: c.filename, Start: c.pos(from), End: c.pos(to)}
}

// peek is the next byte, or 0 at the end (a NUL byte in the source is
// never part of the subset, so it cannot be mistaken for the end).
func (c *cursor) peek() byte {
	if c.i < len(c.src) {
		return c.src[c.i]
	}
	return 0
}

func (c *cursor) at(i int) byte {
	if i < len(c.src) {
		return c.src[i]
	}
	return 0
}

func (c *cursor) eof() bool { return c.i >= len(c.src) }

// newline moves past a "\n" at c.i.
func (c *cursor) newline() {
	c.i++
	c.line++
	c.lineStart, c.lineCol = c.i, 1
}

// spaces skips spaces and tabs, which separate tokens on a line.
func (c *cursor) spaces() {
	for c.i < len(c.src) && (c.src[c.i] == ' ' || c.src[c.i] == '\t') {
		c.i++
	}
}

// atLineComment reports whether a "#" or "//" comment starts at c.i. A
// "/*" comment makes the parser give up: hclsyntax skips it as if it
// were not there, which the subset does not try to copy.
func (c *cursor) atLineComment() bool {
	switch c.peek() {
	case '#':
		return true
	case '/':
		switch c.at(c.i + 1) {
		case '/':
			return true
		case '*':
			c.fail()
		}
	}
	return false
}

// lineComment skips a line comment and the newline that ends it, if any.
// Its text may hold any valid UTF-8 but "\r" when a newline ends it,
// since that starts a new line whatever the comment's characters; one
// the input ends in must be ASCII, because the end's column counts its
// characters. (hclsyntax counts lines and columns by grapheme clusters,
// and invalid UTF-8 can take the newline into one.)
func (c *cursor) lineComment() {
	from, ascii := c.i, true
	for c.i < len(c.src) && c.src[c.i] != '\n' {
		switch b := c.src[c.i]; {
		case b == '\r':
			c.fail()
		case b >= utf8.RuneSelf:
			ascii = false
		}
		c.i++
	}
	switch {
	case ascii:
	case c.i == len(c.src) || !utf8.Valid(c.src[from:c.i]):
		c.fail()
	}
	if c.i < len(c.src) {
		c.newline()
	}
}

// blank skips spaces, newlines and line comments: all hclsyntax ignores
// inside brackets.
func (c *cursor) blank() {
	for {
		c.spaces()
		switch {
		case c.peek() == '\n':
			c.newline()
		case c.atLineComment():
			c.lineComment()
		default:
			return
		}
	}
}

// endOfLine consumes the end of an argument or block: spaces, then a
// newline, a line comment or the end of the input. Anything else is
// outside the subset (or a syntax error).
func (c *cursor) endOfLine() {
	c.spaces()
	switch {
	case c.eof():
	case c.peek() == '\n':
		c.newline()
	case c.atLineComment():
		c.lineComment()
	default:
		c.fail()
	}
}

func isIdentStart(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b == '_'
}

func isIdentByte(b byte) bool {
	return isIdentStart(b) || '0' <= b && b <= '9' || b == '-'
}

// ident reads an identifier at c.i, which must start one.
func (c *cursor) ident() (string, hcl.Range) {
	from := c.i
	c.i++
	for c.i < len(c.src) && isIdentByte(c.src[c.i]) {
		c.i++
	}
	return string(c.src[from:c.i]), c.rng(from, c.i)
}
