package expect

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Expectation is one expect block.
type Expectation struct {
	Name    string
	User    string // address: account.A.user.u
	Op      string // "request", "subscribe" or "publish"
	Subject string
	Account string // to (request) or from (subscribe); "" when not given
	Allowed bool
	Range   hcl.Range
}

// Dir is where expectations live, under the configuration directory.
const Dir = "tests"

var blockSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "expect", LabelNames: []string{"name"}}}}

var expectSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "user", Required: true}, {Name: "allowed", Required: true},
	{Name: "request"}, {Name: "subscribe"}, {Name: "publish"}, {Name: "to"}, {Name: "from"},
}}

// Load reads dir/tests/*.test.hcl; none is no expectations. Every problem
// is reported, with its place; files holds the sources, for showing them.
func Load(dir string) (exps []*Expectation, files map[string]*hcl.File, diags hcl.Diagnostics) {
	files = map[string]*hcl.File{}
	exps, diags = load(dir, files)
	return exps, files, diags
}

func load(dir string, files map[string]*hcl.File) ([]*Expectation, hcl.Diagnostics) {
	paths, _ := filepath.Glob(filepath.Join(dir, Dir, "*.test.hcl"))
	sort.Strings(paths)
	var out []*Expectation
	var diags hcl.Diagnostics
	names := map[string]hcl.Range{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read test file", Detail: err.Error()})
			continue
		}
		rel, _ := filepath.Rel(dir, p)
		f, ds := hclsyntax.ParseConfig(src, rel, hcl.InitialPos)
		files[rel] = f
		diags = append(diags, ds...)
		if ds.HasErrors() {
			continue
		}
		content, ds := f.Body.Content(blockSchema)
		diags = append(diags, ds...)
		for _, b := range content.Blocks {
			e, ds := decodeExpect(b)
			diags = append(diags, ds...)
			if e == nil {
				continue
			}
			if prev, dup := names[e.Name]; dup {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate expectation",
					Detail: "An expectation named " + e.Name + " is already declared at " + prev.String() + ".", Subject: &e.Range})
				continue
			}
			names[e.Name] = e.Range
			out = append(out, e)
		}
	}
	return out, diags
}

func decodeExpect(b *hcl.Block) (*Expectation, hcl.Diagnostics) {
	content, diags := b.Body.Content(expectSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	e := &Expectation{Name: b.Labels[0], Range: b.DefRange}
	var ds hcl.Diagnostics
	e.User, ds = address(content.Attributes["user"], "account.A.user.u")
	diags = append(diags, ds...)
	for _, op := range []string{"request", "subscribe", "publish"} {
		if a := content.Attributes[op]; a != nil {
			if e.Op != "" {
				diags = append(diags, errAt(a.Range, "One question per expectation", "An expectation asks one of request, subscribe, publish."))
			}
			e.Op = op
			e.Subject, ds = str(a)
			diags = append(diags, ds...)
		}
	}
	if e.Op == "" {
		diags = append(diags, errAt(b.DefRange, "Missing question", "An expectation needs one of request, subscribe or publish."))
	}
	for name, op := range map[string]string{"to": "request", "from": "subscribe"} {
		if a := content.Attributes[name]; a != nil {
			if e.Op != op {
				diags = append(diags, errAt(a.Range, "Misplaced "+name, name+" goes with "+op+"."))
			}
			e.Account, ds = address(a, "account.A")
			diags = append(diags, ds...)
		}
	}
	v, ds := content.Attributes["allowed"].Expr.Value(nil)
	diags = append(diags, ds...)
	if !ds.HasErrors() {
		if v.Type() != cty.Bool || v.IsNull() {
			diags = append(diags, errAt(content.Attributes["allowed"].Range, "Invalid allowed", "allowed is true or false."))
		} else {
			e.Allowed = v.True()
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return e, diags
}

// address reads a reference such as account.A.user.u as its address.
func address(a *hcl.Attribute, example string) (string, hcl.Diagnostics) {
	trav, diags := hcl.AbsTraversalForExpr(a.Expr)
	if diags.HasErrors() {
		return "", hcl.Diagnostics{errAt(a.Range, "Invalid reference", "Name the entity by reference, for example "+example+".")}
	}
	var parts []string
	for _, step := range trav {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() != cty.String {
				return "", hcl.Diagnostics{errAt(a.Range, "Invalid reference", "Keys of for_each entities are strings.")}
			}
			parts[len(parts)-1] += "[\"" + s.Key.AsString() + "\"]"
		}
	}
	return strings.Join(parts, "."), nil
}

func str(a *hcl.Attribute) (string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return "", diags
	}
	if v.Type() != cty.String || v.IsNull() {
		return "", hcl.Diagnostics{errAt(a.Range, "Invalid subject", "A subject is a string.")}
	}
	return v.AsString(), nil
}

func errAt(r hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: r.Ptr()}
}
