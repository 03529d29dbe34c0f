package lang

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// fastCases are inputs on both sides of the fast parser's subset, and
// whether it should take them. Either way, checkFast holds whatever it
// takes to hclsyntax's tree.
var fastCases = map[string]bool{
	"":                                   true,
	"\n\n":                               true,
	"# only a comment":                   true,
	"// only a comment\n":                true,
	"  # indented comment first\nb {}\n": true,
	"a = \"\"\n":                         true,
	"a = \"\"":                           true,
	"a = \"x$y%z $ % $$ %% }{\"\n":       true,
	"a = 1.5e+3\nb = 007\nc = 2E9\nd = 0.25\n":   true,
	"a = [\n  \"a\", # c\n  b.c, // d\n\n]\n":    true,
	"a = []\nb = [\n]\nc = [[1], [], [\"x\"]]\n": true,
	"a = [for_each, fortune]\n":                  true,
	"a = true\nb = false\nc = null\n":            true,
	"x = a-b.c-d.true.null\n":                    true,
	"b { x = 1 }\nc \"l\" { y = \"z\" }\n":       true,
	"b \"l\" l2 {}\n":                            true,
	"b{}\nc\"x\"{}\n":                            true,
	"b {} # end\nc {\n} // end":                  true,
	"b {\n  c \"d\" {\n    e = f.g\n  }\n}\n":    true,
	"\tb {\n\t\ta\t=\t1\n\t}\n":                  true,
	"# café — ünïcode in comments\nb {}\n":       true,
	"# \u0600\nb {} # \u0301\u200d\n":            true,
	"#\u0301\n// 👩‍👩‍👧 \U0001F1E6\nb {}\n":       true,
	"# é":                     false,
	"b {}\n#\xec0\n":          false,
	"a = 1 // c\nb = 2 # c\n": true,
	"b { x = [1,\n 2] }\n":    true,

	"a = \"\\n\"\n":              false,
	"a = \"${x}\"\n":             false,
	"a = \"%{if x}y%{endif}\"\n": false,
	"a = \"$${x}\"\n":            false,
	"a = \"é\"\n":                false,
	"b \"é\" {}\n":               false,
	"a = <<EOT\nx\nEOT\n":        false,
	"a = 1 + 2\n":                false,
	"a = f(x)\n":                 false,
	"a = x[0]\n":                 false,
	"a = x.*.y\n":                false,
	"a = x.0\n":                  false,
	"a = x .y\n":                 false,
	"a = {}\n":                   false,
	"a = [for x in y: x]\n":      false,
	"/* c */\nb {}\n":            false,
	"a = 1\r\n":                  false,
	"a = -1\n":                   false,
	"a = (1)\n":                  false,
	"a = x ? 1 : 2\n":            false,
	"a = 1\na = 2\n":             false,
	"b { x = 1\n}\n":             false,
	"a =\n":                      false,
	"b {\n":                      false,
	"b { }}\n":                   false,
	"a = 1 b = 2\n":              false,
	"a == 1\n":                   false,
	"a = 1.5.3\n":                false,
	"a = 1e\n":                   false,
	"a = 1x\n":                   false,
	"a = \"x\"\"y\"\n":           false,
	"b {} c {}\n":                false,
	"b { c {} }\n":               false,
	"b = [1,,2]\n":               false,
	"\"a\" = 1\n":                false,
	"a = x\x00\n":                false,
}

func TestFastParseCases(t *testing.T) {
	for src, want := range fastCases {
		if got := checkFast(t, []byte(src), hcl.InitialPos); got != want {
			t.Errorf("fast parser took %q: %v, want %v", src, got, want)
		}
	}
}

// Nesting deeper than maxDepth is left to hclsyntax, which fails on deep
// enough input by running out of stack; the fast parser must not accept
// what it would crash on.
func TestFastParseDepth(t *testing.T) {
	list := func(n int) string { return "a = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n" }
	blocks := func(n int) string { return strings.Repeat("b {\n", n) + strings.Repeat("}\n", n) }
	for src, want := range map[string]bool{
		list(maxDepth): true, list(maxDepth + 1): false,
		blocks(maxDepth): true, blocks(maxDepth + 1): false,
	} {
		if got := checkFast(t, []byte(src), hcl.InitialPos); got != want {
			t.Errorf("fast parser took %d bytes nested: %v, want %v", len(src), got, want)
		}
	}
}
