package lang

// References between blocks (service =, stream =, to =, system_account =,
// signing_key =) name blocks by their place: account.TestAccount.service.phelp.
// They are decoded from the expression's shape, never evaluated: the
// referenced block may not exist yet, and its identity, not its value, is
// what counts. Only the keys in brackets are evaluated, so that a block
// with for_each can name an instance of another: account.team[each.key].
// This file turns such expressions into steps and checks block labels,
// which must be identifiers so that every block can be referenced with
// dot syntax.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// refStep is one step of a reference: a name after a dot, or a key in
// brackets.
type refStep struct {
	name  string
	index bool
}

// checkLabel reports a block label that is not a valid name. what is the
// kind of block, as used in messages ("account").
func checkLabel(block *hcl.Block, what string) hcl.Diagnostics {
	name := block.Labels[0]
	if validIdentifier(name) {
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

// exprRoot returns the first name of a reference-shaped expression
// (a.b, a.b[k], a[k].b), or false for anything else.
func exprRoot(expr hcl.Expression) (string, bool) {
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return e.Traversal.RootName(), true
	case *hclsyntax.IndexExpr:
		return exprRoot(e.Collection)
	case *hclsyntax.RelativeTraversalExpr:
		return exprRoot(e.Source)
	}
	return "", false
}

// refSteps flattens a reference expression into steps, evaluating keys in
// brackets in ctx. why says what is wrong when it is not a reference.
func refSteps(expr hcl.Expression, ctx *hcl.EvalContext) (steps []refStep, why string, diags hcl.Diagnostics) {
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return traversalSteps(e.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		steps, why, diags = refSteps(e.Source, ctx)
		if why != "" || diags.HasErrors() {
			return nil, why, diags
		}
		more, why, _ := traversalSteps(e.Traversal)
		return append(steps, more...), why, diags
	case *hclsyntax.IndexExpr:
		steps, why, diags = refSteps(e.Collection, ctx)
		if why != "" || diags.HasErrors() {
			return nil, why, diags
		}
		key, more := e.Key.Value(ctx) // see needKeyEntities
		diags = append(diags, more...)
		if more.HasErrors() {
			return nil, "", diags
		}
		if key.Type() != cty.String || !key.IsKnown() || key.IsNull() {
			return nil, "only names may follow the dots", diags
		}
		return append(steps, refStep{name: key.AsString(), index: true}), "", diags
	}
	return nil, "it is not a reference", nil
}

func traversalSteps(trav hcl.Traversal) ([]refStep, string, hcl.Diagnostics) {
	steps := make([]refStep, 0, len(trav))
	for _, step := range trav {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			steps = append(steps, refStep{name: s.Name})
		case hcl.TraverseAttr:
			steps = append(steps, refStep{name: s.Name})
		case hcl.TraverseIndex:
			if s.Key.Type() != cty.String || !s.Key.IsKnown() || s.Key.IsNull() {
				return nil, "only names may follow the dots", nil
			}
			steps = append(steps, refStep{name: s.Key.AsString(), index: true})
		default:
			return nil, "only names may follow the dots", nil
		}
	}
	return steps, "", nil
}

// blockRef is a decoded reference: root, the instance name of the block
// after it, and the nested kind and instance name when there is one, as
// in account.team["a"].service.help.
type blockRef struct {
	root, name string
	kind, sub  string
	parts      int // names written, not counting keys in brackets
}

// parseBlockRef groups steps into a blockRef. A key in brackets right
// after the root is the name itself (account["X"]); after a name it is
// the instance key (account.team["a"]).
func parseBlockRef(steps []refStep) (blockRef, string) {
	r := blockRef{root: steps[0].name, parts: 1}
	rest := steps[1:]
	name, rest, ok := takeInstance(rest)
	if !ok {
		return r, ""
	}
	r.name, r.parts = name, 2
	if len(rest) == 0 {
		return r, ""
	}
	if rest[0].index {
		return r, "only names may follow the dots"
	}
	r.kind, r.parts = rest[0].name, 3
	sub, rest, ok := takeInstance(rest[1:])
	if !ok {
		return r, ""
	}
	r.sub, r.parts = sub, 4
	if len(rest) > 0 {
		r.parts += len(rest)
	}
	return r, ""
}

// takeInstance reads a name and an optional key in brackets.
func takeInstance(steps []refStep) (string, []refStep, bool) {
	if len(steps) == 0 {
		return "", nil, false
	}
	name := steps[0].name
	steps = steps[1:]
	if len(steps) > 0 && steps[0].index {
		name = instanceName(name, steps[0].name)
		steps = steps[1:]
	}
	return name, steps, true
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

// decodeRef decodes a reference to a block of the given shape: root,
// then a name, then (when kinds is not empty) one of kinds and a name.
func decodeRef(attr *hcl.Attribute, ctx *hcl.EvalContext, form, root string, kinds ...string) (blockRef, hcl.Diagnostics) {
	steps, why, diags := refSteps(attr.Expr, ctx)
	if diags.HasErrors() {
		return blockRef{}, diags
	}
	if why != "" {
		return blockRef{}, invalidRef(attr, form, why)
	}
	ref, why := parseBlockRef(steps)
	want := 2
	if len(kinds) > 0 {
		want = 4
	}
	switch {
	case why != "":
		return blockRef{}, invalidRef(attr, form, why)
	case ref.root != root:
		return blockRef{}, invalidRef(attr, form, fmt.Sprintf("it starts with %q", ref.root))
	case ref.parts != want:
		return blockRef{}, invalidRef(attr, form, fmt.Sprintf("it has %d parts instead of %d", ref.parts, want))
	case len(kinds) > 0 && !slices.Contains(kinds, ref.kind):
		return blockRef{}, invalidRef(attr, form, fmt.Sprintf("%q is not %s", ref.kind, strings.Join(kinds, " or ")))
	}
	return ref, nil
}

// decodeAccountRef decodes account.NAME.
func decodeAccountRef(attr *hcl.Attribute, ctx *hcl.EvalContext) (string, hcl.Diagnostics) {
	ref, diags := decodeRef(attr, ctx, "account.NAME", "account")
	return ref.name, diags
}

// exportRef is a decoded reference account.NAME.KIND.NAME.
type exportRef struct {
	Account string
	Kind    ExportKind
	Export  string
}

// decodeExportRef decodes account.NAME.KIND.NAME where KIND must be want,
// the name of the argument (service = ... or stream = ...).
func decodeExportRef(attr *hcl.Attribute, ctx *hcl.EvalContext, want ExportKind) (exportRef, hcl.Diagnostics) {
	form := fmt.Sprintf("account.NAME.%s.NAME", want)
	ref, diags := decodeRef(attr, ctx, form, "account", "service", "stream")
	if diags.HasErrors() {
		diags[0].Detail = strings.Replace(diags[0].Detail, "is not service or stream", "is not a kind of export (service or stream)", 1)
		return exportRef{}, diags
	}
	kind := ExportKind(ref.kind)
	if kind != want {
		return exportRef{}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Wrong export kind",
			Detail: fmt.Sprintf("The %s argument needs a reference to a %s, but this refers to a %s. "+
				"Use %s = account.%s.%s.%s, or name a %s export.",
				want, want, kind, kind, ref.name, kind, ref.sub, want),
			Subject: attr.Expr.Range().Ptr(),
		}}
	}
	return exportRef{Account: ref.name, Kind: kind, Export: ref.sub}, nil
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

// needKeyEntities is needEntities for a reference, of which refSteps
// evaluates only the keys in brackets.
func (s *scope) needKeyEntities(expr hcl.Expression) {
	switch e := expr.(type) {
	case *hclsyntax.RelativeTraversalExpr:
		s.needKeyEntities(e.Source)
	case *hclsyntax.IndexExpr:
		s.needKeyEntities(e.Collection)
		s.needEntities(e.Key)
	}
}
