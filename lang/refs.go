package lang

// References between blocks (service =, stream =, to =, system_account =)
// are static traversals such as account.TestAccount.service.phelp. They are
// decoded with hcl.AbsTraversalForExpr and never evaluated: the referenced
// block may not exist yet, and its identity, not its value, is what counts.
// This file turns traversals into names and checks block labels, which must
// be identifiers so that every block can be referenced with dot syntax.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// exportRef is a decoded reference account.NAME.KIND.NAME.
type exportRef struct {
	Account string
	Kind    ExportKind
	Export  string
}

// checkLabel reports a block label that is not a valid name. what is the
// kind of block, as used in messages ("account").
func checkLabel(block *hcl.Block, what string) hcl.Diagnostics {
	name := block.Labels[0]
	if hclsyntax.ValidIdentifier(name) {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid %s name", what),
		Detail: fmt.Sprintf("%q is not a valid %s name. Names are used in references such as account.NAME, "+
			"so they must start with a letter or underscore and contain only letters, digits, underscores and dashes.",
			name, what),
		Subject: block.LabelRanges[0].Ptr(),
	}}
}

// traversalNames returns the steps of a static reference as names, or a
// diagnostic that shows the expected form. Index steps with a string key
// (account["X"]) are accepted as names too.
func traversalNames(attr *hcl.Attribute, form string) ([]string, hcl.Diagnostics) {
	trav, diags := hcl.AbsTraversalForExpr(attr.Expr)
	if diags.HasErrors() {
		return nil, invalidRef(attr, form, "it is not a reference")
	}
	names := make([]string, 0, len(trav))
	for _, step := range trav {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			names = append(names, s.Name)
		case hcl.TraverseAttr:
			names = append(names, s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() != cty.String || !s.Key.IsKnown() || s.Key.IsNull() {
				return nil, invalidRef(attr, form, "only names may follow the dots")
			}
			names = append(names, s.Key.AsString())
		default:
			return nil, invalidRef(attr, form, "only names may follow the dots")
		}
	}
	return names, nil
}

func invalidRef(attr *hcl.Attribute, form, why string) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid reference",
		Detail: fmt.Sprintf("The %s argument must be a reference of the form %s, but %s. Write the reference without quotes.",
			attr.Name, form, why),
		Subject: attr.Expr.Range().Ptr(),
	}}
}

// decodeAccountRef decodes account.NAME.
func decodeAccountRef(attr *hcl.Attribute) (string, hcl.Diagnostics) {
	const form = "account.NAME"
	names, diags := traversalNames(attr, form)
	if diags.HasErrors() {
		return "", diags
	}
	if names[0] != "account" {
		return "", invalidRef(attr, form, fmt.Sprintf("it starts with %q", names[0]))
	}
	if len(names) != 2 {
		return "", invalidRef(attr, form, fmt.Sprintf("it has %d parts instead of 2", len(names)))
	}
	return names[1], nil
}

// decodeExportRef decodes account.NAME.KIND.NAME where KIND must be want,
// the name of the argument (service = ... or stream = ...).
func decodeExportRef(attr *hcl.Attribute, want ExportKind) (exportRef, hcl.Diagnostics) {
	form := fmt.Sprintf("account.NAME.%s.NAME", want)
	names, diags := traversalNames(attr, form)
	if diags.HasErrors() {
		return exportRef{}, diags
	}
	if names[0] != "account" {
		return exportRef{}, invalidRef(attr, form, fmt.Sprintf("it starts with %q", names[0]))
	}
	if len(names) != 4 {
		return exportRef{}, invalidRef(attr, form, fmt.Sprintf("it has %d parts instead of 4", len(names)))
	}
	kind := ExportKind(names[2])
	if kind != Service && kind != Stream {
		return exportRef{}, invalidRef(attr, form, fmt.Sprintf("%q is not a kind of export (service or stream)", names[2]))
	}
	if kind != want {
		return exportRef{}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Wrong export kind",
			Detail: fmt.Sprintf("The %s argument needs a reference to a %s, but this refers to a %s. "+
				"Use %s = account.%s.%s.%s, or name a %s export.",
				want, want, kind, kind, names[1], kind, names[3], want),
			Subject: attr.Expr.Range().Ptr(),
		}}
	}
	return exportRef{Account: names[1], Kind: kind, Export: names[3]}, nil
}

// didYouMean returns " Did you mean "x"?" for the candidate closest to
// name, or "" when none is close.
func didYouMean(name string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// decodeSourceRef decodes the one service or stream argument of an import
// or grant block (what names the block in messages). It returns the
// reference and the range of its expression, or the block's range when
// neither argument is set.
func decodeSourceRef(attrs hcl.Attributes, block *hcl.Block, what string) (exportRef, hcl.Range, hcl.Diagnostics) {
	svc, stream := attrs["service"], attrs["stream"]
	switch {
	case svc != nil && stream != nil:
		return exportRef{}, stream.Expr.Range(), hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Conflicting export references",
			Detail: fmt.Sprintf("%s %s names exactly one export, but both service and stream are set. "+
				"Remove one of them.", article(what), what),
			Subject: stream.Range.Ptr(),
		}}
	case svc != nil:
		ref, diags := decodeExportRef(svc, Service)
		return ref, svc.Expr.Range(), diags
	case stream != nil:
		ref, diags := decodeExportRef(stream, Stream)
		return ref, stream.Expr.Range(), diags
	}
	return exportRef{}, block.DefRange, hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Missing export reference",
		Detail: fmt.Sprintf("%s %s must name the export it is for. Set service = account.NAME.service.NAME "+
			"or stream = account.NAME.stream.NAME.", article(what), what),
		Subject: block.DefRange.Ptr(),
	}}
}
