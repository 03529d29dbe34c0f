package lang

// A few lines of configuration can ask for more work than any fleet:
// setproduct of three 200-element ranges is 8 million elements, and took
// 45 seconds of a plan. Configuration is untrusted input, so collections
// are bounded: a for_each holds at most MaxElements elements, all for_each
// blocks together make at most MaxInstances instances, and the functions
// that can build a large collection from small arguments check the size
// of their result from the arguments, before they build it.

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// MaxElements is the most elements a for_each collection, or the result
// of a function that builds a collection, may hold (docs/language.md).
const MaxElements = 100_000

// MaxInstances is the most instances all for_each arguments of a
// configuration may make together.
const MaxInstances = 200_000

// sizedFunctions wraps every function of fns but try and can (whose
// arguments are expressions, not values) so that its arguments are
// converted to the parameters' types by convertValue, not by cty's
// quadratic conversion; the functions whose result can be much larger
// than their arguments also check, from the arguments, the count of
// elements their result would hold.
func sizedFunctions(fns map[string]function.Function) {
	counts := map[string]func(args []cty.Value) float64{
		"setproduct": productCount,
		"formatlist": longestCount,
		"flatten":    func(args []cty.Value) float64 { return float64(leafCount(args[0], MaxElements+1)) },
		"concat":     sumCount,
		"setunion":   sumCount,
		"merge":      sumCount,
		"split":      splitCount,
	}
	for name, f := range fns {
		if name != "try" && name != "can" {
			fns[name] = sized(f, counts[name])
		}
	}
}

// sized is f with parameters of any type, whose arguments it converts
// itself, refusing a call whose result count says would hold more than
// MaxElements elements. count, if set, sees known, unmarked arguments
// only.
func sized(f function.Function, count func(args []cty.Value) float64) function.Function {
	params := f.Params()
	loose := make([]function.Parameter, len(params))
	for i, p := range params {
		loose[i] = p
		loose[i].Type = cty.DynamicPseudoType
	}
	var looseVar *function.Parameter
	if vp := f.VarParam(); vp != nil {
		p := *vp
		p.Type = cty.DynamicPseudoType
		looseVar = &p
	}
	typed := func(args []cty.Value) ([]cty.Value, error) {
		out := make([]cty.Value, len(args))
		for i, a := range args {
			ty := cty.DynamicPseudoType
			if i < len(params) {
				ty = params[i].Type
			} else if vp := f.VarParam(); vp != nil {
				ty = vp.Type
			}
			c, err := convertValue(a, ty)
			if err != nil {
				return nil, function.NewArgError(i, err)
			}
			out[i] = c
		}
		return out, nil
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      loose,
		VarParam:    looseVar,
		Type: func(args []cty.Value) (cty.Type, error) {
			conv, err := typed(args)
			if err != nil {
				return cty.NilType, err
			}
			return f.ReturnTypeForValues(conv)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			conv, err := typed(args)
			if err != nil {
				return cty.NilVal, err
			}
			if err := checkCount(conv, count); err != nil {
				return cty.NilVal, err
			}
			return f.Call(conv)
		},
	})
}

// checkCount refuses arguments for which count says the result would
// hold more than MaxElements elements.
func checkCount(args []cty.Value, count func(args []cty.Value) float64) error {
	if count == nil {
		return nil
	}
	plain := make([]cty.Value, len(args))
	for i, a := range args {
		plain[i], _ = a.UnmarkDeep()
		if !plain[i].IsWhollyKnown() || plain[i].IsNull() {
			return nil
		}
	}
	if n := count(plain); n > MaxElements {
		return fmt.Errorf("the result would hold %s elements, and natsplan builds at most %d. "+
			"Build smaller collections, or split the configuration", countText(n), MaxElements)
	}
	return nil
}

func countText(n float64) string {
	if n > 1e15 {
		return "more than 10^15"
	}
	return fmt.Sprintf("%.0f", n)
}

// productCount is the product of the arguments' lengths.
func productCount(args []cty.Value) float64 {
	n := 1.0
	for _, a := range args {
		n *= length(a)
	}
	return n
}

// sumCount is the sum of the arguments' lengths: the result's size, or
// for setunion an upper bound of it, and the work the call does.
func sumCount(args []cty.Value) float64 {
	n := 0.0
	for _, a := range args {
		n += length(a)
	}
	return n
}

// longestCount is the length of formatlist's result: that of its longest
// list argument.
func longestCount(args []cty.Value) float64 {
	n := 0.0
	for _, a := range args {
		if t := a.Type(); t.IsListType() || t.IsSetType() || t.IsTupleType() {
			n = max(n, length(a))
		}
	}
	return n
}

// splitCount is the length of split(separator, str).
func splitCount(args []cty.Value) float64 {
	if len(args) != 2 || args[0].Type() != cty.String || args[1].Type() != cty.String || args[0].AsString() == "" {
		return 0
	}
	return float64(strings.Count(args[1].AsString(), args[0].AsString()) + 1)
}

func length(v cty.Value) float64 {
	if t := v.Type(); t.IsCollectionType() || t.IsTupleType() || t.IsObjectType() {
		return float64(v.LengthInt())
	}
	return 0
}

// leafCount counts the elements flatten would make of v, stopping once
// it reaches stop: nested lists can share their elements, so a small
// value can flatten to a large list.
func leafCount(v cty.Value, stop int) int {
	t := v.Type()
	if v.IsNull() || !v.IsKnown() || !(t.IsListType() || t.IsSetType() || t.IsTupleType()) {
		return 1
	}
	n := 0
	for it := v.ElementIterator(); it.Next() && n < stop; {
		_, el := it.Element()
		n += leafCount(el, stop-n)
	}
	return n
}
