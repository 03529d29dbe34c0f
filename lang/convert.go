package lang

// go-cty converts a tuple to a list, or an object to a map, by finding
// a type all elements share with a sort that compares every pair of
// element types, even when they are all the same: a list of 20,000
// strings took 2 seconds, and of 100,000 a minute. Every argument that
// takes a list (allow_pub = [for ...]), every typed variable and every
// function parameter typed list(string) converts this way. convertValue
// converts such values one element at a time instead, which is what
// cty's conversion comes to when the elements agree, and refuses values
// of more than MaxElements elements.

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// convertValue is convert.Convert(v, ty), linear in the size of v.
func convertValue(v cty.Value, ty cty.Type) (cty.Value, error) {
	vt := v.Type()
	if ty == cty.DynamicPseudoType || vt.Equals(ty) || v.IsNull() || !v.IsWhollyKnown() || v.ContainsMarked() {
		return convert.Convert(v, ty)
	}
	if (vt.IsTupleType() || vt.IsObjectType() || vt.IsCollectionType()) && v.LengthInt() > MaxElements {
		return cty.NilVal, tooLarge(v.LengthInt())
	}
	switch {
	case vt.IsTupleType() && (ty.IsListType() || ty.IsSetType()):
		return convertElements(v, ty, false)
	case vt.IsObjectType() && ty.IsMapType():
		return convertElements(v, ty, true)
	}
	return convert.Convert(v, ty)
}

// convertElements converts the elements of tuple or object v to the
// element type of list, set or map type ty. An element type of any is
// the elements' own type when they all have one; else cty decides.
func convertElements(v cty.Value, ty cty.Type, keyed bool) (cty.Value, error) {
	ety := ty.ElementType()
	if ety != cty.DynamicPseudoType && ety.HasDynamicTypes() {
		return convert.Convert(v, ty) // elements may convert to different types
	}
	if ety == cty.DynamicPseudoType {
		if ety = sharedType(v); ety == cty.NilType {
			return convert.Convert(v, ty)
		}
	}
	if v.LengthInt() == 0 {
		return convert.Convert(v, ty)
	}
	list := make([]cty.Value, 0, v.LengthInt())
	m := make(map[string]cty.Value, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		k, el := it.Element()
		c, err := convertValue(el, ety)
		if err != nil {
			return cty.NilVal, err
		}
		if keyed {
			m[k.AsString()] = c
		} else {
			list = append(list, c)
		}
	}
	switch {
	case keyed:
		return cty.MapVal(m), nil
	case ty.IsSetType():
		return cty.SetVal(list), nil
	}
	return cty.ListVal(list), nil
}

// tooLarge is the error of a value of more than MaxElements elements.
type tooLarge int

func (n tooLarge) Error() string {
	return fmt.Sprintf("it holds %d elements, and natsplan reads at most %d", int(n), MaxElements)
}

// sharedType is the one type of every element of v, or cty.NilType.
func sharedType(v cty.Value) cty.Type {
	var ety cty.Type
	for it := v.ElementIterator(); it.Next(); {
		_, el := it.Element()
		switch {
		case ety == cty.NilType:
			ety = el.Type()
		case !el.Type().Equals(ety):
			return cty.NilType
		}
	}
	return ety
}

// toFunc is stdlib.MakeToFunc(ty) (tolist, toset, tomap) converting with
// convertValue: the stdlib function converts with cty, in its result type
// as in its value.
func toFunc(ty cty.Type) function.Function {
	std := stdlib.MakeToFunc(ty)
	convertArg := func(args []cty.Value) (cty.Value, error) {
		v, err := convertValue(args[0], ty)
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		return v, nil
	}
	return function.New(&function.Spec{
		Description: std.Description(),
		Params:      std.Params(),
		Type: func(args []cty.Value) (cty.Type, error) {
			if !args[0].IsWhollyKnown() {
				return std.ReturnTypeForValues(args)
			}
			v, err := convertArg(args)
			return v.Type(), err
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return convertArg(args) },
	})
}
