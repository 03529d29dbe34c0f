package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/natsplan/natsplan/internal/fleet"
)

// checkFast parses src with the fast parser and, when it accepts src,
// with hclsyntax, and fails the test unless hclsyntax finds nothing to
// report and builds the same tree. It reports whether the fast parser
// accepted src.
func checkFast(t testing.TB, src []byte, start hcl.Pos) bool {
	t.Helper()
	fast := fastParse(src, "f.hcl", start)
	if fast == nil {
		return false
	}
	ref, diags := hclsyntax.ParseConfig(src, "f.hcl", start)
	if len(diags) > 0 {
		t.Fatalf("the fast parser accepted input hclsyntax reports %v about:\n%s", diags, src)
	}
	if !bytes.Equal(fast.Bytes, src) || len(src) > 0 && &fast.Bytes[0] != &src[0] {
		t.Fatalf("the file's Bytes are not the source")
	}
	var d astDiff
	d.body("body", fast.Body.(*hclsyntax.Body), ref.Body.(*hclsyntax.Body))
	if len(d.out) > 0 {
		t.Fatalf("trees differ:\n%s\nin:\n%s", strings.Join(d.out, "\n"), src)
	}
	if !reflect.DeepEqual(fast.Body, ref.Body) {
		t.Fatalf("reflect.DeepEqual finds the trees differ, where the walker does not, in:\n%s", src)
	}
	return true
}

// corpus is every configuration the repository holds: test data, the
// examples, the testscripts' files and the language reference's examples.
func corpus(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	for _, pattern := range []string{"testdata/*.hcl", "../examples/*/*.hcl"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[p] = src
		}
	}
	scripts, _ := filepath.Glob("../cmd/natsplan/testdata/script/*.txtar")
	for _, p := range scripts {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".hcl") {
				out[p+"/"+f.Name] = f.Data
			}
		}
	}
	doc, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range regexp.MustCompile("(?s)```hcl\n(.*?)```").FindAllSubmatch(doc, -1) {
		out["language.md#"+string(rune('a'+i))] = m[1]
	}
	if len(out) < 10 {
		t.Fatalf("only %d files in the corpus", len(out))
	}
	return out
}

// Every file of the corpus, whole, from a later start, and in the pieces
// parseAll cuts: where the fast parser accepts, hclsyntax agrees.
func TestFastParseCorpus(t *testing.T) {
	accepted := 0
	files := corpus(t)
	for name, src := range files {
		for _, start := range []hcl.Pos{hcl.InitialPos, {Line: 7, Column: 3, Byte: 100}} {
			if checkFast(t, src, start) {
				accepted++
			}
		}
		for _, p := range splitFile(0, src) {
			checkFast(t, src[p.start:p.end], p.pos)
		}
		_ = name
	}
	t.Logf("the fast parser accepted %d of %d", accepted, 2*len(files))
	if accepted == 0 {
		t.Errorf("the fast parser accepted nothing of the corpus")
	}
}

// The fleet the benchmarks plan is what the fast parser is for: it must
// accept all of it, whole and in pieces.
func TestFastParseFleet(t *testing.T) {
	var buf bytes.Buffer
	if err := fleet.Standard(300).Write(&buf); err != nil {
		t.Fatal(err)
	}
	src := buf.Bytes()
	if !checkFast(t, src, hcl.InitialPos) {
		t.Fatal("the fast parser declined the fleet")
	}
	pieces := splitFile(0, src)
	if len(pieces) < 3 {
		t.Fatalf("%d pieces", len(pieces))
	}
	for _, p := range pieces {
		if !checkFast(t, src[p.start:p.end], p.pos) {
			t.Fatalf("the fast parser declined a piece of the fleet:\n%s", src[p.start:p.end])
		}
	}
}
