package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Parsing dominates loading a large configuration, and most of hclsyntax's
// time goes into its lexer's token slice and the general machinery of its
// parser. Real configurations use a small part of the language: blocks
// with labels, arguments whose values are quoted strings, numbers, true,
// false, null, references such as account.A.service.svc, and lists of
// those. fastParse reads exactly that subset, straight from the bytes,
// and builds the syntax tree hclsyntax.ParseConfig would build, to the
// last range; on anything else it gives up and the caller parses with
// hclsyntax, so what a configuration means, and every diagnostic, stays
// hclsyntax's. fastparse_test.go holds it to that, on a corpus and by
// fuzzing.
//
// The subset, beyond what the cursor (fastscan.go) and the files
// fast*.go say:
//   - ASCII only in tokens (comments may hold anything but "\r"), spaces
//     and tabs between tokens, "\n" ends lines: no "\r", no "/*" comments;
//   - one term per expression: no operators, function calls, indexes,
//     splats, conditionals, objects, for expressions or heredocs;
//   - only input hclsyntax parses without a diagnostic.

// parseConfig parses src, the text of file name from start, as
// hclsyntax.ParseConfig does, quickly when it can. Input nested too
// deeply for either parser is refused first (nesting.go).
func parseConfig(src []byte, name string, start hcl.Pos) (*hcl.File, hcl.Diagnostics) {
	if d := nestingProblem(src, name, start, false); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if f := fastParse(src, name, start); f != nil {
		return f, nil
	}
	return hclsyntax.ParseConfig(src, name, start)
}

// fastParse returns the file hclsyntax.ParseConfig would return with no
// diagnostics, or nil when src is outside the subset. The file's Nav,
// which hcl's diagnostic printer reads for context, is left nil: lang
// decodes only Body, and prints diagnostics with files parsed again by
// hclsyntax (Config.DiagnosticFiles).
func fastParse(src []byte, name string, start hcl.Pos) (f *hcl.File) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(giveUp); !ok {
				panic(r)
			}
			f = nil
		}
	}()
	body := newCursor(src, name, start).fileBody()
	return &hcl.File{Body: body, Bytes: src}
}
