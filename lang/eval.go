package lang

// String and bool arguments (subject, local_subject, private) are evaluated
// in one hcl.EvalContext built by (*scope).evalContext. Today it holds the
// variables account and operator, whose only attribute is public_key, and
// the functions of the cty standard library. Later stages (variables,
// locals, for_each) extend the scope and this one function, and every
// decoder picks the additions up without change.

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// scope is everything a string argument may refer to.
type scope struct {
	accounts  []string // declared account names, deduplicated
	operators []string // declared operator names, deduplicated
	keys      *keySource
}

// evalContext builds the context every argument is evaluated in.
func (s *scope) evalContext() *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"account":  s.entities("account", s.accounts),
			"operator": s.entities("operator", s.operators),
		},
		Functions: functions(),
	}
}

// entities returns an object NAME -> {public_key = KEY} for one kind.
func (s *scope) entities(kind string, names []string) cty.Value {
	if len(names) == 0 {
		return cty.EmptyObjectVal
	}
	attrs := make(map[string]cty.Value, len(names))
	for _, name := range names {
		attrs[name] = cty.ObjectVal(map[string]cty.Value{
			"public_key": cty.StringVal(s.keys.key(kind + "." + name)),
		})
	}
	return cty.ObjectVal(attrs)
}

// functions returns the string, collection and encoding functions of the
// cty standard library under the names Terraform users know.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"chomp":      stdlib.ChompFunc,
		"coalesce":   stdlib.CoalesceFunc,
		"concat":     stdlib.ConcatFunc,
		"contains":   stdlib.ContainsFunc,
		"distinct":   stdlib.DistinctFunc,
		"element":    stdlib.ElementFunc,
		"flatten":    stdlib.FlattenFunc,
		"format":     stdlib.FormatFunc,
		"formatlist": stdlib.FormatListFunc,
		"indent":     stdlib.IndentFunc,
		"join":       stdlib.JoinFunc,
		"jsondecode": stdlib.JSONDecodeFunc,
		"jsonencode": stdlib.JSONEncodeFunc,
		"keys":       stdlib.KeysFunc,
		"length":     stdlib.LengthFunc,
		"lookup":     stdlib.LookupFunc,
		"lower":      stdlib.LowerFunc,
		"max":        stdlib.MaxFunc,
		"merge":      stdlib.MergeFunc,
		"min":        stdlib.MinFunc,
		"regex":      stdlib.RegexFunc,
		"regexall":   stdlib.RegexAllFunc,
		"replace":    stdlib.ReplaceFunc,
		"reverse":    stdlib.ReverseListFunc,
		"sort":       stdlib.SortFunc,
		"split":      stdlib.SplitFunc,
		"strrev":     stdlib.ReverseFunc,
		"substr":     stdlib.SubstrFunc,
		"title":      stdlib.TitleFunc,
		"trim":       stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc,
		"trimspace":  stdlib.TrimSpaceFunc,
		"trimsuffix": stdlib.TrimSuffixFunc,
		"upper":      stdlib.UpperFunc,
		"values":     stdlib.ValuesFunc,
		"zipmap":     stdlib.ZipmapFunc,
	}
}

// checkVariables reports references to undeclared accounts or operators in
// expr with natsplan's own wording, before HCL would report them as an
// unsupported attribute of an object.
func (s *scope) checkVariables(expr hcl.Expression) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, trav := range expr.Variables() {
		root := trav.RootName()
		var declared []string
		switch root {
		case "account":
			declared = s.accounts
		case "operator":
			declared = s.operators
		default:
			continue
		}
		if len(trav) < 2 {
			continue
		}
		step, ok := trav[1].(hcl.TraverseAttr)
		if !ok || slices.Contains(declared, step.Name) {
			continue
		}
		diags = append(diags, undeclared(root, step.Name, declared, trav.SourceRange()))
	}
	return diags
}

// undeclared is the diagnostic for a reference to a block that no file
// declares.
func undeclared(kind, name string, declared []string, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Reference to undeclared %s", kind),
		Detail: fmt.Sprintf("No %s named %q is declared.%s Declare it with a %s block, or correct the name.",
			kind, name, didYouMean(name, declared), kind),
		Subject: rng.Ptr(),
	}
}

// evalString evaluates an optional string argument. set is false when the
// argument is absent or null, or could not be evaluated (then diags says why).
func (s *scope) evalString(ctx *hcl.EvalContext, attr *hcl.Attribute) (val string, set bool, diags hcl.Diagnostics) {
	v, diags := s.eval(ctx, attr, cty.String)
	if v == cty.NilVal {
		return "", false, diags
	}
	return v.AsString(), true, diags
}

// evalBool evaluates an optional bool argument, like evalString.
func (s *scope) evalBool(ctx *hcl.EvalContext, attr *hcl.Attribute) (val bool, set bool, diags hcl.Diagnostics) {
	v, diags := s.eval(ctx, attr, cty.Bool)
	if v == cty.NilVal {
		return false, false, diags
	}
	return v.True(), true, diags
}

// eval returns the value of attr converted to ty, or cty.NilVal when attr
// is nil, null, or has errors.
func (s *scope) eval(ctx *hcl.EvalContext, attr *hcl.Attribute, ty cty.Type) (cty.Value, hcl.Diagnostics) {
	if attr == nil {
		return cty.NilVal, nil
	}
	if diags := s.checkVariables(attr.Expr); diags.HasErrors() {
		return cty.NilVal, diags
	}
	v, diags := attr.Expr.Value(ctx)
	if diags.HasErrors() || v.IsNull() {
		return cty.NilVal, diags
	}
	conv, err := convert.Convert(v, ty)
	if err != nil || !conv.IsWhollyKnown() {
		return cty.NilVal, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail: fmt.Sprintf("The %s argument must be a %s, but this is a %s.",
				attr.Name, ty.FriendlyName(), v.Type().FriendlyName()),
			Subject:     attr.Expr.Range().Ptr(),
			Expression:  attr.Expr,
			EvalContext: ctx,
		})
	}
	return conv, diags
}

// uniqueSorted returns the distinct strings of list in order.
func uniqueSorted(list []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(list)))
}
