package lang

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// astDiff compares two syntax trees node by node and returns where they
// differ, at most a few places. It walks the node types the fast parser
// builds, field by field, ranges compared whole (file, line, column and
// byte of both ends), nil and empty told apart; any other node type is
// a difference, so a tree the walker does not know cannot pass unseen.
// reflect.DeepEqual would compare the same fields, plus the unexported
// ones, which fresh parser output leaves empty on both sides; the test
// runs it too (sameFile), as a second opinion.
type astDiff struct{ out []string }

func (d *astDiff) addf(path, format string, args ...any) {
	if len(d.out) < 10 {
		d.out = append(d.out, path+": "+fmt.Sprintf(format, args...))
	}
}

func (d *astDiff) rng(path string, a, b hcl.Range) {
	if a != b {
		d.addf(path, "range %#v != %#v", a, b)
	}
}

func (d *astDiff) body(path string, a, b *hclsyntax.Body) {
	if (a == nil) != (b == nil) {
		d.addf(path, "body nil %v != %v", a == nil, b == nil)
		return
	}
	if a == nil {
		return
	}
	d.rng(path+".SrcRange", a.SrcRange, b.SrcRange)
	d.rng(path+".EndRange", a.EndRange, b.EndRange)
	if (a.Attributes == nil) != (b.Attributes == nil) || len(a.Attributes) != len(b.Attributes) {
		d.addf(path, "attributes %v != %v", names(a.Attributes), names(b.Attributes))
	}
	for name, x := range a.Attributes {
		if y, ok := b.Attributes[name]; ok {
			d.attribute(path+"."+name, x, y)
		}
	}
	if (a.Blocks == nil) != (b.Blocks == nil) || len(a.Blocks) != len(b.Blocks) {
		d.addf(path, "blocks: %d (nil %v) != %d (nil %v)", len(a.Blocks), a.Blocks == nil, len(b.Blocks), b.Blocks == nil)
		return
	}
	for i := range a.Blocks {
		d.block(fmt.Sprintf("%s.block[%d]", path, i), a.Blocks[i], b.Blocks[i])
	}
}

func names(attrs hclsyntax.Attributes) []string {
	var out []string
	for n := range attrs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (d *astDiff) attribute(path string, a, b *hclsyntax.Attribute) {
	if a.Name != b.Name {
		d.addf(path, "name %q != %q", a.Name, b.Name)
	}
	d.rng(path+".SrcRange", a.SrcRange, b.SrcRange)
	d.rng(path+".NameRange", a.NameRange, b.NameRange)
	d.rng(path+".EqualsRange", a.EqualsRange, b.EqualsRange)
	d.expr(path+".Expr", a.Expr, b.Expr)
}

func (d *astDiff) block(path string, a, b *hclsyntax.Block) {
	if a.Type != b.Type || !reflect.DeepEqual(a.Labels, b.Labels) {
		d.addf(path, "header %s %#v != %s %#v", a.Type, a.Labels, b.Type, b.Labels)
	}
	d.rng(path+".TypeRange", a.TypeRange, b.TypeRange)
	if !reflect.DeepEqual(a.LabelRanges, b.LabelRanges) {
		d.addf(path, "label ranges %#v != %#v", a.LabelRanges, b.LabelRanges)
	}
	d.rng(path+".OpenBraceRange", a.OpenBraceRange, b.OpenBraceRange)
	d.rng(path+".CloseBraceRange", a.CloseBraceRange, b.CloseBraceRange)
	d.body(path+".Body", a.Body, b.Body)
}

func (d *astDiff) expr(path string, a, b hclsyntax.Expression) {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		d.addf(path, "type %T != %T", a, b)
		return
	}
	switch x := a.(type) {
	case *hclsyntax.LiteralValueExpr:
		y := b.(*hclsyntax.LiteralValueExpr)
		d.value(path, x.Val, y.Val)
		d.rng(path+".SrcRange", x.SrcRange, y.SrcRange)
	case *hclsyntax.TemplateExpr:
		y := b.(*hclsyntax.TemplateExpr)
		d.rng(path+".SrcRange", x.SrcRange, y.SrcRange)
		d.exprs(path+".Parts", x.Parts, y.Parts)
	case *hclsyntax.TupleConsExpr:
		y := b.(*hclsyntax.TupleConsExpr)
		d.rng(path+".SrcRange", x.SrcRange, y.SrcRange)
		d.rng(path+".OpenRange", x.OpenRange, y.OpenRange)
		d.exprs(path+".Exprs", x.Exprs, y.Exprs)
	case *hclsyntax.ScopeTraversalExpr:
		y := b.(*hclsyntax.ScopeTraversalExpr)
		d.rng(path+".SrcRange", x.SrcRange, y.SrcRange)
		d.traversal(path+".Traversal", x.Traversal, y.Traversal)
	default:
		d.addf(path, "node type %T is not one the fast parser makes", a)
	}
}

func (d *astDiff) exprs(path string, a, b []hclsyntax.Expression) {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		d.addf(path, "%d (nil %v) != %d (nil %v)", len(a), a == nil, len(b), b == nil)
		return
	}
	for i := range a {
		d.expr(fmt.Sprintf("%s[%d]", path, i), a[i], b[i])
	}
}

// value compares two literal values exactly: same type, same value, and
// the same representation (a number's precision included). Numbers are
// compared as big.Floats, since RawEquals prints them in full, which for
// 1e-20555555 takes minutes (found by FuzzFastParse).
func (d *astDiff) value(path string, a, b cty.Value) {
	same := a.Type().Equals(b.Type()) && reflect.DeepEqual(a, b)
	if same && a.Type() == cty.Number && a.IsKnown() && !a.IsNull() {
		same = a.AsBigFloat().Cmp(b.AsBigFloat()) == 0
	} else if same {
		same = a.RawEquals(b)
	}
	if !same {
		d.addf(path, "value %#v != %#v", a, b)
	}
}

func (d *astDiff) traversal(path string, a, b hcl.Traversal) {
	if len(a) != len(b) {
		d.addf(path, "%d steps != %d", len(a), len(b))
		return
	}
	for i := range a {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch x := a[i].(type) {
		case hcl.TraverseRoot:
			y, ok := b[i].(hcl.TraverseRoot)
			if !ok || x != y {
				d.addf(p, "%#v != %#v", a[i], b[i])
			}
		case hcl.TraverseAttr:
			y, ok := b[i].(hcl.TraverseAttr)
			if !ok || x != y {
				d.addf(p, "%#v != %#v", a[i], b[i])
			}
		default:
			d.addf(p, "step type %T is not one the fast parser makes", a[i])
		}
	}
}
