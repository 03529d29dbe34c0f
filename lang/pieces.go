package lang

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
)

// A large file is parsed in pieces of a few top-level blocks, each piece
// on its own, for two reasons. hclsyntax lexes a whole input into one
// slice of tokens before parsing it: for a file of a thousand accounts
// that slice is tens of megabytes, grown a quarter at a time, and most of
// what a plan allocates. A piece's tokens are a few hundred kilobytes at
// most, stay in the processor's caches and die young. And pieces of one
// big file keep every core busy, where files alone would not.
//
// A piece ends after a line that is just "}", the end of a top-level
// block when it is not inside a string, heredoc or comment. Each piece is
// checked by parsing it: a piece that ends inside anything (or whose
// successor starts inside something) has a syntax error, and then the
// file is parsed whole again (parseAll). So splitting can never change
// what a file means, only how fast it is read.

// pieceSize is the size a piece grows to before it ends at the next block
// boundary: a few blocks of an ordinary configuration.
const pieceSize = 4 << 10

// piece is bytes [start, end) of file number file; pos is where start is.
// split reports whether the file was cut into more than one piece.
type piece struct {
	file       int
	start, end int
	pos        hcl.Pos
	split      bool
}

// splitFile cuts src into pieces of about pieceSize bytes.
func splitFile(file int, src []byte) []piece {
	var list []piece
	start, pos := 0, hcl.InitialPos
	for start < len(src) {
		end := blockBoundary(src, start+pieceSize)
		list = append(list, piece{file: file, start: start, end: end, pos: pos})
		pos = hcl.Pos{Line: pos.Line + bytes.Count(src[start:end], []byte{'\n'}), Column: 1, Byte: end}
		start = end
	}
	if len(list) <= 1 {
		return []piece{{file: file, end: len(src), pos: hcl.InitialPos}}
	}
	for i := range list {
		list[i].split = true
	}
	return list
}

// blockBoundary returns the offset just after the first line at or after
// from that is "}" alone (or "}\r"), or len(src).
func blockBoundary(src []byte, from int) int {
	for from < len(src) {
		i := bytes.Index(src[from:], []byte("\n}"))
		if i < 0 {
			break
		}
		end := from + i + 2 // after the brace
		if end < len(src) && src[end] == '\r' {
			end++
		}
		if end < len(src) && src[end] == '\n' {
			return end + 1
		}
		from = end
	}
	return len(src)
}
