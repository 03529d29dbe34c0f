package lang

// hclsyntax's parser, hcl's JSON parser and the fast parser descend one
// Go call per level of nesting, and a goroutine's stack has a limit: a
// file of 60,000 nested brackets ended in "fatal error: stack overflow",
// which no recover catches. Configuration arrives in pull requests, so
// before any parser sees a file, checkNesting reads its bytes once and
// refuses one nested deeper than MaxNesting, with the place where the
// limit is passed.
//
// What counts as a level is what makes the parsers descend: an open
// bracket, brace or parenthesis (and so a block body), a string or
// heredoc, an interpolation ${...} or directive %{...}, an if or for
// directive until its end, a conditional (a ? b : c) until its
// expression ends, and a run of unary operators (!, -). The count is an
// upper bound of the parsers' depth, never below it; for real
// configurations, which nest a handful of levels, it is far from the
// limit.

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// MaxNesting is the deepest nesting a configuration file, a variable
// file or a -var value may have (docs/language.md).
const MaxNesting = 256

type nestKind uint8

const (
	nestBrace   nestKind = iota // a block body or { }: newlines end expressions
	nestParen                   // ( ) or [ ]
	nestInterp                  // ${ } or %{ }
	nestQuoted                  // "..."
	nestHeredoc                 // <<EOF ... EOF
)

// nestFrame is one open level. extra counts what is open within it
// without a closing bracket of its own: conditionals in code, if and for
// directives in a template.
type nestFrame struct {
	kind   nestKind
	extra  int
	marker []byte // a heredoc's
}

// nestScan is the state of one scan; depth is the number of open levels,
// counting extras and the current run of unary operators.
type nestScan struct {
	src   []byte
	json  bool
	stack []nestFrame
	depth int
	run   int  // unary operators in a row
	term  bool // the last token ends an operand, so - is binary
}

// nestingProblem returns the diagnostic for src, the text of file name
// from start, when it nests deeper than MaxNesting, or nil. json selects
// JSON's syntax, whose strings hold no templates.
func nestingProblem(src []byte, name string, start hcl.Pos, json bool) *hcl.Diagnostic {
	at := scanNesting(src, json)
	if at < 0 {
		return nil
	}
	rng := rangeAt(src, name, start, at)
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Nesting too deep",
		Detail: fmt.Sprintf("Brackets, blocks, strings, interpolations, conditionals or operators are nested more than %d levels "+
			"deep here, which is more than natsplan reads. Flatten the expression: name inner parts as locals, "+
			"or write a list of values instead of nesting them.", MaxNesting),
		Subject: &rng,
	}
}

// scanNesting returns the offset of the token at which nesting passes
// MaxNesting, or -1.
func scanNesting(src []byte, json bool) int {
	s := &nestScan{src: src, json: json, stack: make([]nestFrame, 1, 16)}
	for i := 0; i < len(src); {
		var next int
		if k := s.top().kind; k == nestQuoted || k == nestHeredoc {
			next = s.template(i)
		} else {
			next = s.code(i)
		}
		if s.depth > MaxNesting {
			return i
		}
		i = next
	}
	return -1
}

func (s *nestScan) top() *nestFrame { return &s.stack[len(s.stack)-1] }

func (s *nestScan) push(k nestKind, marker []byte) {
	s.endRun()
	s.stack = append(s.stack, nestFrame{kind: k, marker: marker})
	s.depth++
	s.term = false
}

// pop closes the innermost level; the file's own body is never closed.
func (s *nestScan) pop() {
	s.endRun()
	if len(s.stack) > 1 {
		s.depth -= 1 + s.top().extra
		s.stack = s.stack[:len(s.stack)-1]
	}
	s.term = true
}

// endRun ends a run of unary operators: the operand they apply to has
// begun, and they are no longer open.
func (s *nestScan) endRun() {
	s.depth -= s.run
	s.run = 0
}

// endExpr closes the conditionals of the innermost level: its
// expression ended.
func (s *nestScan) endExpr() {
	s.depth -= s.top().extra
	s.top().extra = 0
}

// code reads one token of an expression or body at i and returns where
// the next one starts.
func (s *nestScan) code(i int) int {
	src := s.src
	c := src[i]
	switch c {
	case ' ', '\t', '\r':
		for i++; i < len(src) && (src[i] == ' ' || src[i] == '\t'); i++ {
		}
		return i
	case '\n':
		if s.top().kind == nestBrace {
			s.endRun()
			s.endExpr()
			s.term = false
		}
		return i + 1
	case '#':
		return lineEnd(src, i)
	case '/':
		if at(src, i+1) == '/' {
			return lineEnd(src, i)
		}
		if at(src, i+1) == '*' {
			if end := bytes.Index(src[i+2:], []byte("*/")); end >= 0 {
				return i + 2 + end + 2
			}
			return len(src)
		}
	case '{':
		s.push(nestBrace, nil)
		return i + 1
	case '(', '[':
		s.push(nestParen, nil)
		return i + 1
	case '}', ')', ']':
		if k := s.top().kind; k != nestQuoted && k != nestHeredoc {
			s.pop()
		}
		return i + 1
	case '"':
		s.push(nestQuoted, nil)
		return i + 1
	case '<':
		if marker, next, ok := heredocStart(src, i); ok && !s.json {
			s.push(nestHeredoc, marker)
			return next
		}
	case '?':
		if !s.json {
			s.endRun()
			s.top().extra++
			s.depth++
			s.term = false
			return i + 1
		}
	case ',':
		s.endRun()
		s.endExpr()
		s.term = false
		return i + 1
	case '!':
		if at(src, i+1) != '=' {
			s.unary()
			return i + 1
		}
	case '-':
		if !s.term {
			s.unary()
			return i + 1
		}
	}
	s.endRun()
	if isWordByte(c) {
		j := i + 1
		for j < len(src) && (isWordByte(src[j]) || src[j] == '-') {
			j++
		}
		s.term = true
		return j
	}
	s.term = false
	return i + 1
}

func (s *nestScan) unary() {
	s.run++
	s.depth++
	s.term = false
}

// template reads one piece of a string or heredoc at i.
func (s *nestScan) template(i int) int {
	src, f := s.src, s.top()
	c := src[i]
	switch {
	case f.kind == nestQuoted && c == '"':
		s.pop()
		return i + 1
	case f.kind == nestQuoted && c == '\\':
		return i + 2
	case f.kind == nestQuoted && c == '\n': // unterminated: the lexer ends it here too
		s.pop()
		return i + 1
	case f.kind == nestHeredoc && c == '\n':
		return s.heredocLine(i + 1)
	case s.json:
		return i + 1
	case (c == '$' || c == '%') && at(src, i+1) == c && at(src, i+2) == '{':
		return i + 3 // $${ and %%{ are literal
	case (c == '$' || c == '%') && at(src, i+1) == '{':
		if c == '%' {
			s.directive(f, i+2)
		}
		s.push(nestInterp, nil)
		return i + 2
	}
	i++
	for i < len(src) && !templateSpecial[src[i]] {
		i++ // text, the bulk of a string
	}
	return i
}

// templateSpecial marks the bytes template looks at.
var templateSpecial = [256]bool{'"': true, '\\': true, '\n': true, '$': true, '%': true}

// directive counts the if and for directives open in template f, given
// the text after a "%{".
func (s *nestScan) directive(f *nestFrame, i int) {
	for i < len(s.src) && (s.src[i] == '~' || s.src[i] == ' ' || s.src[i] == '\t') {
		i++
	}
	j := i
	for j < len(s.src) && isWordByte(s.src[j]) {
		j++
	}
	switch string(s.src[i:j]) {
	case "if", "for":
		f.extra++
		s.depth++
	case "endif", "endfor":
		if f.extra > 0 {
			f.extra--
			s.depth--
		}
	}
}

// heredocLine looks at the line starting at i of a heredoc: a line that
// is its marker alone (after indentation) ends it.
func (s *nestScan) heredocLine(i int) int {
	j := i
	for j < len(s.src) && (s.src[j] == ' ' || s.src[j] == '\t') {
		j++
	}
	marker := s.top().marker
	if bytes.HasPrefix(s.src[j:], marker) {
		end := j + len(marker)
		if c := at(s.src, end); c == 0 || c == '\n' || c == '\r' {
			s.pop()
			return end
		}
	}
	return i
}

// heredocStart reads "<<EOF" or "<<-EOF" and the end of its line at i,
// returning the marker and the offset of the newline.
func heredocStart(src []byte, i int) ([]byte, int, bool) {
	if at(src, i+1) != '<' {
		return nil, 0, false
	}
	j := i + 2
	if at(src, j) == '-' {
		j++
	}
	k := j
	for k < len(src) && isWordByte(src[k]) {
		k++
	}
	n := k
	if at(src, n) == '\r' {
		n++
	}
	if k == j || at(src, n) != '\n' {
		return nil, 0, false
	}
	return src[j:k], n, true
}

func isWordByte(c byte) bool { return wordByte[c] }

// wordByte marks the bytes of names and numbers (and of non-ASCII text,
// which only comments and strings hold in a valid file).
var wordByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
	}
	return t
}()

// at is src[i], or 0 past its end.
func at(src []byte, i int) byte {
	if i < len(src) {
		return src[i]
	}
	return 0
}

func lineEnd(src []byte, i int) int {
	if n := bytes.IndexByte(src[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(src)
}

// rangeAt is the range of the character at offset off of src, the text
// of file name from start.
func rangeAt(src []byte, name string, start hcl.Pos, off int) hcl.Range {
	line := start.Line + bytes.Count(src[:off], []byte{'\n'})
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	col := utf8.RuneCount(src[lineStart:off]) + 1
	if lineStart == 0 {
		col += start.Column - 1
	}
	_, size := utf8.DecodeRune(src[off:])
	from := hcl.Pos{Line: line, Column: col, Byte: start.Byte + off}
	to := hcl.Pos{Line: line, Column: col + 1, Byte: start.Byte + off + size}
	return hcl.Range{Filename: name, Start: from, End: to}
}
