package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/natsplan/natsplan/internal/parallel"
)

// filePart is a file, or a piece of one (pieces.go), parsed and decoded.
type filePart struct {
	syntax hcl.Diagnostics // the parser's
	m      *module         // nil when the part has a syntax error
	locals []*hcl.Block
	diags  hcl.Diagnostics // decoding's
}

// parseAll parses and decodes every file, in pieces of a few top-level
// blocks, all pieces on all cores, and returns the parts in file and
// source order. A file whose pieces do not all parse cleanly on their own
// is parsed again whole, so that what is reported, and what is decoded,
// is exactly what parsing the whole file gives.
func parseAll(names []string, files map[string][]byte) []filePart {
	var list []piece
	for i, name := range names {
		list = append(list, splitFile(i, files[name])...)
	}
	parts := make([]filePart, len(list))
	parallel.For(len(list), 1, func(i int) {
		p := list[i]
		parts[i] = parseAndDecode(names[p.file], files[names[p.file]][p.start:p.end], p.pos, p.split)
	})
	var out []filePart
	for i := 0; i < len(list); {
		file, j, clean := list[i].file, i, true
		for ; j < len(list) && list[j].file == file; j++ {
			clean = clean && parts[j].m != nil && len(parts[j].syntax) == 0
		}
		if clean || j-i == 1 {
			out = append(out, parts[i:j]...)
		} else {
			out = append(out, parseAndDecode(names[file], files[names[file]], hcl.InitialPos, false))
		}
		i = j
	}
	return out
}

// parseAndDecode parses src, the text of file name from start, and
// decodes it at once, on the same core. Decoding keeps the arguments'
// expressions and drops the rest of the syntax tree (see decodeBody), so
// a piece's tree is garbage as soon as it is done, instead of the trees of
// every file being alive until the last one is parsed: at fleet scale
// that is hundreds of megabytes. A part with a syntax error is not decoded
// (Load stops at syntax errors); with piece set, neither is one with
// top-level arguments, since the parser would report a repeated one only
// when it sees the whole file. Parsing takes the fast path when it can
// (fastparse.go).
func parseAndDecode(name string, src []byte, start hcl.Pos, piece bool) filePart {
	f, syntax := parseConfig(src, name, start)
	p := filePart{syntax: syntax}
	if f == nil || syntax.HasErrors() {
		return p
	}
	if body, ok := f.Body.(*hclsyntax.Body); piece && (!ok || len(body.Attributes) > 0) {
		return p
	}
	p.m, p.locals, p.diags = decodeFile(f)
	return p
}
