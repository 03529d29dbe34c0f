package lang

// for_each makes one instance of a block per element of a map or a set of
// strings, as in Terraform. Inside the block, each.key is the element's key
// and each.value its value (for a set, the string itself). An instance's
// name is its label and key, team["a"], and its JWT is named after the key.
//
// Keys become part of addresses, subjects and JWT names, so they must be
// names: letters, digits, underscores and dashes. for_each is evaluated
// before the full context exists, so it may use variables, locals and an
// enclosing block's each, but no public keys.

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// instance is one expansion of a block; a block without for_each has one,
// with an empty key and no each.
type instance struct {
	key  string
	each cty.Value
}

var oneInstance = []instance{{each: cty.NilVal}}

// instances evaluates a block's for_each in ctx.
func (s *scope) instances(ctx *hcl.EvalContext, forEach *hcl.Attribute) ([]instance, hcl.Diagnostics) {
	if forEach == nil {
		return oneInstance, nil
	}
	for _, trav := range forEach.Expr.Variables() {
		if root := trav.RootName(); root == "account" || root == "operator" {
			return nil, hcl.Diagnostics{forEachError(forEach, "for_each decides which blocks exist, so it cannot refer to "+
				"the keys of accounts or operators, which depend on them. Use variables, locals or literal values.")}
		}
	}
	val, diags := forEach.Expr.Value(ctx)
	if diags.HasErrors() || !val.IsWhollyKnown() {
		return nil, diags
	}
	if d, stop := s.tooMany(forEach, val); stop {
		return nil, d
	}
	ty := val.Type()
	switch {
	case val.IsNull():
		return nil, hcl.Diagnostics{forEachError(forEach, "for_each must not be null. Use {} or toset([]) for no instances.")}
	case ty.IsMapType() || ty.IsObjectType():
		return keyedInstances(forEach, val.AsValueMap())
	case ty.IsSetType() && ty.ElementType() == cty.String:
		m := map[string]cty.Value{}
		for _, el := range val.AsValueSlice() {
			if el.IsNull() {
				return nil, hcl.Diagnostics{forEachError(forEach, "A set for for_each must not contain null.")}
			}
			m[el.AsString()] = el
		}
		return keyedInstances(forEach, m)
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		return nil, hcl.Diagnostics{forEachError(forEach, fmt.Sprintf("for_each needs a map or a set of strings, but this is a %s. "+
			"Convert a list of names with toset(...).", ty.FriendlyName()))}
	}
	return nil, hcl.Diagnostics{forEachError(forEach, fmt.Sprintf("for_each needs a map or a set of strings, but this is a %s.",
		ty.FriendlyName()))}
}

func keyedInstances(forEach *hcl.Attribute, m map[string]cty.Value) ([]instance, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	out := make([]instance, 0, len(m))
	for key, v := range m {
		if !validKey(key) {
			diags = append(diags, forEachError(forEach, fmt.Sprintf("Key %q cannot name an instance: keys become part of "+
				"addresses and JWT names, so they must be non-empty and hold only letters, digits, underscores and dashes.", key)))
			continue
		}
		out = append(out, instance{key: key, each: cty.ObjectVal(map[string]cty.Value{
			"key": cty.StringVal(key), "value": v,
		})})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, diags
}

func forEachError(attr *hcl.Attribute, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid for_each argument",
		Detail: detail, Subject: attr.Expr.Range().Ptr()}
}

func validKey(key string) bool {
	if key == "" {
		return false
	}
	for _, r := range key {
		ok := r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}

// tooMany reports a for_each collection larger than MaxElements, or the
// one that takes the instances of the configuration past MaxInstances,
// before any instance is made; stop is set for those and every later
// for_each, whose instances would only add work to a failed load.
func (s *scope) tooMany(forEach *hcl.Attribute, val cty.Value) (diags hcl.Diagnostics, stop bool) {
	if val.IsNull() || !(val.Type().IsCollectionType() || val.Type().IsObjectType() || val.Type().IsTupleType()) {
		return nil, false
	}
	n := val.LengthInt()
	if n > MaxElements {
		return hcl.Diagnostics{forEachError(forEach, fmt.Sprintf("for_each holds %d elements, and natsplan makes at most %d "+
			"instances of one block. Split the collection over several blocks, or manage fewer entities in this configuration.",
			n, MaxElements))}, true
	}
	total := s.made.Add(int64(n))
	switch {
	case total-int64(n) > MaxInstances:
		return nil, true
	case total > MaxInstances:
		return hcl.Diagnostics{forEachError(forEach, fmt.Sprintf("The for_each arguments of this configuration make more than %d "+
			"instances together, and natsplan makes at most that many. Nested for_each multiply: make fewer instances, "+
			"or split the configuration.", MaxInstances))}, true
	}
	return nil, false
}
