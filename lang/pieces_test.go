package lang

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// bigFile is a file of n accounts, several pieces long, with extra text
// spliced into every account from number at on.
func bigFile(n, at int, extra string) string {
	var b strings.Builder
	b.WriteString("operator \"O\" {\n  system_account = account.A0\n}\n")
	for i := range n {
		fmt.Fprintf(&b, "account \"A%d\" {\n  description = \"account %d\"\n  user \"u\" {}\n", i, i)
		if at >= 0 && i >= at {
			b.WriteString(extra)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// Parsing in pieces must give exactly what parsing the whole file gives:
// the same diagnostics, the same blocks, the same ranges, whatever a
// line "}" inside a string, a heredoc or a comment looks like.
func TestPiecesMatchWholeFile(t *testing.T) {
	cases := map[string]string{
		"plain":               bigFile(400, -1, ""),
		"heredoc":             bigFile(400, 150, "  info_url = <<EOT\n}\naccount \"X\" {\nEOT\n"),
		"comment":             bigFile(400, 150, "/*\n}\naccount \"Y\" {\n}\n*/\n"),
		"string with newline": bigFile(400, 150, "  tags = [\"a\n}\n\"]\n"),
		"top-level argument":  "x = 1\n" + bigFile(400, -1, "") + "x = 2\n",
		"syntax error":        bigFile(400, 300, "  = oops\n"),
		"crlf":                strings.ReplaceAll(bigFile(400, -1, ""), "\n", "\r\n"),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			if n := len(splitFile(0, []byte(src))); n < 3 {
				t.Fatalf("the test file is %d pieces; it must be several", n)
			}
			files := map[string][]byte{"a.hcl": []byte(src)}
			whole := parseAndDecode("a.hcl", files["a.hcl"], hcl.InitialPos, false)
			got := parseAll([]string{"a.hcl"}, files)
			if clean := name == "plain" || name == "crlf"; clean != (len(got) > 1) {
				t.Errorf("%d parts: a clean file must be read in pieces, any other whole", len(got))
			}
			gotSyntax, gotDiags, gotBlocks := flatten(got)
			wantSyntax, wantDiags, wantBlocks := flatten([]filePart{whole})
			if !reflect.DeepEqual(gotSyntax, wantSyntax) || !reflect.DeepEqual(gotDiags, wantDiags) {
				t.Errorf("diagnostics differ:\npieces: %v %v\nwhole:  %v %v", gotSyntax, gotDiags, wantSyntax, wantDiags)
			}
			if !reflect.DeepEqual(gotBlocks, wantBlocks) {
				t.Errorf("decoded blocks differ: %d blocks in pieces, %d whole", len(gotBlocks), len(wantBlocks))
			}
		})
	}
}

// flatten lists the diagnostics of parts and their decoded blocks, with
// each argument's name and range.
func flatten(parts []filePart) (syntax, diags, blocks []string) {
	var ops []string
	defer func() { blocks = append(blocks, ops...) }()
	for _, p := range parts {
		for _, d := range p.syntax {
			syntax = append(syntax, d.Error())
		}
		for _, d := range p.diags {
			diags = append(diags, d.Error())
		}
		if p.m == nil {
			continue
		}
		for _, b := range append(append([]*body{}, p.m.accounts...), p.m.grants...) {
			blocks = append(blocks, describeBody(b))
		}
		for _, op := range p.m.operators {
			ops = append(ops, fmt.Sprintf("operator %s %v", op.Name, op.DeclRange))
		}
	}
	return syntax, diags, blocks
}

func describeBody(b *body) string {
	s := fmt.Sprintf("%s %v %v [", b.block.Type, b.block.Labels, b.block.DefRange)
	for _, r := range b.ranges().attrs {
		s += fmt.Sprintf(" %s=%v", r.name, r.rng)
	}
	for typ, list := range b.nested {
		for _, nb := range list {
			s += " " + typ + ":" + describeBody(nb)
		}
	}
	return s + " ]"
}
