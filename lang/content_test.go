package lang

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/natsplan/natsplan/internal/fleet"
)

// topNodes are the schemas decodeBody starts from, by block type.
var topNodes = map[string]*schemaNode{
	"account": accountNode, "grant": grantNode, "operator": operatorNode, "variable": variableNode,
}

// Wherever fit accepts a block, hclsyntax's Content gives the same content
// (fit leaves an empty argument map nil) and no diagnostic; the corpus, a fleet and blocks that do not fit (each
// of which fit must decline) are all checked, nested blocks included.
func TestContentMatchesHCL(t *testing.T) {
	files := corpus(t)
	var buf bytes.Buffer
	if err := fleet.Standard(20).Write(&buf); err != nil {
		t.Fatal(err)
	}
	files["fleet.hcl"] = buf.Bytes()
	files["misfits.hcl"] = []byte(`account "A" {
  no_such_argument = 1
}
account "B" {
  user "u" "extra_label" {}
}
account "C" {
  limits {
    nonsense {}
  }
}
account "D" {
  service {}
}
`)
	fits, declined := 0, 0
	for name, src := range files {
		f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		if diags.HasErrors() {
			continue
		}
		root, _, _ := f.Body.PartialContent(rootSchema)
		for _, b := range root.Blocks {
			if n := topNodes[b.Type]; n != nil {
				checkContent(t, name, b, n, &fits, &declined)
			}
		}
	}
	t.Logf("fit built %d contents, declined %d", fits, declined)
	if fits < 100 || declined < 4 {
		t.Fatalf("fit built %d and declined %d: the corpus no longer tests both ways", fits, declined)
	}
}

func checkContent(t *testing.T, file string, b *hcl.Block, n *schemaNode, fits, declined *int) {
	t.Helper()
	want, diags := b.Body.Content(n.schema)
	got, ok := n.fit(b.Body.(*hclsyntax.Body))
	if !ok {
		*declined++
	} else {
		*fits++
		if len(want.Attributes) == 0 && got.Attributes == nil {
			got = &hcl.BodyContent{Attributes: want.Attributes, Blocks: got.Blocks, MissingItemRange: got.MissingItemRange}
		}
		if diags.HasErrors() || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %s block at %s: fit gave %#v, Content %#v (%v)", file, b.Type, b.DefRange, got, want, diags)
		}
	}
	for _, nb := range want.Blocks {
		if child := n.nested[nb.Type]; child != nil {
			checkContent(t, file, nb, child, fits, declined)
		}
	}
}
