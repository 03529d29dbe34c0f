package lang

import (
	"bytes"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/natsplan/natsplan/internal/fleet"
)

// The fast parser against hclsyntax on one file of a fleet, in the
// pieces parseAll cuts it into.
func BenchmarkParseFleetFile(b *testing.B) {
	var buf bytes.Buffer
	if err := fleet.Standard(fleet.AccountsPerFile).Write(&buf); err != nil {
		b.Fatal(err)
	}
	src := buf.Bytes()
	pieces := splitFile(0, src)
	parsers := map[string]func([]byte, string, hcl.Pos) *hcl.File{
		"fast": fastParse,
		"hclsyntax": func(src []byte, name string, start hcl.Pos) *hcl.File {
			f, _ := hclsyntax.ParseConfig(src, name, start)
			return f
		},
	}
	for name, parse := range parsers {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pieces {
					if parse(src[p.start:p.end], "f.hcl", p.pos) == nil {
						b.Fatal("declined")
					}
				}
			}
		})
	}
}
