package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// filePart is one file, parsed and decoded.
type filePart struct {
	syntax hcl.Diagnostics // the parser's
	m      *module         // nil when the file has a syntax error
	locals []*hcl.Block
	diags  hcl.Diagnostics // decoding's
}

// parseAndDecode parses one file and decodes it at once, on the same
// core. Decoding keeps the arguments' expressions and drops the rest of
// the syntax tree (see decodeBody), so a file's tree is garbage as soon as
// the file is done, instead of the trees of every file being alive until
// the last one is parsed: at fleet scale that is hundreds of megabytes.
// A file with a syntax error is not decoded (Load stops at syntax errors).
func parseAndDecode(name string, src []byte) filePart {
	f, syntax := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	p := filePart{syntax: syntax}
	if f == nil || syntax.HasErrors() {
		return p
	}
	p.m, p.locals, p.diags = decodeFile(f)
	return p
}
