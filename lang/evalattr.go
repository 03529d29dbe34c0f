package lang

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evaluator evaluates the arguments of one block instance in one context
// and collects their diagnostics, so that a decoder reads as a list of
// assignments.
type evaluator struct {
	s     *scope
	ctx   *hcl.EvalContext
	diags hcl.Diagnostics
}

func (s *scope) evaluator(ctx *hcl.EvalContext) *evaluator {
	return &evaluator{s: s, ctx: ctx}
}

func (e *evaluator) errorf(rng hcl.Range, summary, format string, args ...any) {
	e.diags = append(e.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: summary,
		Detail: fmt.Sprintf(format, args...), Subject: rng.Ptr(),
	})
}

// value returns attr converted to ty, or cty.NilVal when attr is nil,
// null, or has errors (reported).
func (e *evaluator) value(attr *hcl.Attribute, ty cty.Type) cty.Value {
	if attr == nil {
		return cty.NilVal
	}
	if diags := e.s.checkVariables(attr.Expr); diags.HasErrors() {
		e.diags = append(e.diags, diags...)
		return cty.NilVal
	}
	e.s.needEntities(attr.Expr)
	v, diags := attr.Expr.Value(e.ctx)
	e.diags = append(e.diags, diags...)
	// Unknown values come only from locals that failed, already reported.
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return cty.NilVal
	}
	conv, err := convertValue(v, ty)
	var big tooLarge
	if errors.As(err, &big) {
		e.errorf(attr.Expr.Range(), "Too many elements", "The %s argument holds %d elements, and natsplan reads at most %d. "+
			"Give fewer, or spread them over several blocks.", attr.Name, int(big), MaxElements)
		return cty.NilVal
	}
	if err != nil || !conv.IsWhollyKnown() {
		e.diags = append(e.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail: fmt.Sprintf("The %s argument must be a %s, but this is a %s.",
				attr.Name, ty.FriendlyName(), v.Type().FriendlyName()),
			Subject:     attr.Expr.Range().Ptr(),
			Expression:  attr.Expr,
			EvalContext: e.ctx,
		})
		return cty.NilVal
	}
	return conv
}

// str returns a string argument, or def when it is absent.
func (e *evaluator) str(attr *hcl.Attribute, def string) string {
	if v := e.value(attr, cty.String); v != cty.NilVal {
		return v.AsString()
	}
	return def
}

// boolean returns a bool argument, or def when it is absent.
func (e *evaluator) boolean(attr *hcl.Attribute, def bool) bool {
	if v := e.value(attr, cty.Bool); v != cty.NilVal {
		return v.True()
	}
	return def
}

// integer returns a whole-number argument, or def when it is absent.
func (e *evaluator) integer(attr *hcl.Attribute, def int64) int64 {
	v := e.value(attr, cty.Number)
	if v == cty.NilVal {
		return def
	}
	n, acc := v.AsBigFloat().Int64()
	if acc != big.Exact {
		e.errorf(attr.Expr.Range(), "Invalid number", "The %s argument must be a whole number, such as 100 or -1 for unlimited.", attr.Name)
		return def
	}
	return n
}

// size returns a byte count given as a number or as a string with a unit
// ("1G", "512MiB"), or def when it is absent.
func (e *evaluator) size(attr *hcl.Attribute, def int64) int64 {
	if attr == nil {
		return def
	}
	v := e.value(attr, cty.DynamicPseudoType)
	if v == cty.NilVal {
		return def
	}
	if v.Type() == cty.Number {
		return e.integer(attr, def)
	}
	if v.Type() != cty.String {
		e.errorf(attr.Expr.Range(), "Incorrect attribute value type",
			"The %s argument must be a number of bytes or a size such as \"1G\", but this is a %s.", attr.Name, v.Type().FriendlyName())
		return def
	}
	n, err := parseSize(v.AsString())
	if err != nil {
		e.errorf(attr.Expr.Range(), "Invalid size", "%s. Write a number of bytes, -1 for unlimited, or a size such as \"64k\" or \"1GiB\".", err)
		return def
	}
	return n
}

// duration returns a duration in nanoseconds, or 0 when absent.
func (e *evaluator) duration(attr *hcl.Attribute) int64 {
	s := e.str(attr, "")
	if s == "" {
		return 0
	}
	d, err := parseDuration(s)
	if err != nil {
		e.errorf(attr.Expr.Range(), "Invalid duration", "%s. Write a duration such as \"500ms\", \"5s\", \"720h\" or \"30d\".", err)
		return 0
	}
	return int64(d)
}

// timestamp returns a time as unix seconds, or 0 when absent.
func (e *evaluator) timestamp(attr *hcl.Attribute) int64 {
	s := e.str(attr, "")
	if s == "" {
		return 0
	}
	t, err := parseTimestamp(s)
	if err != nil {
		e.errorf(attr.Expr.Range(), "Invalid time", "%s. Write a date (midnight UTC) or an RFC 3339 time.", err)
		return 0
	}
	return t.Unix()
}

// strings returns a list or set of strings, sorted and without
// duplicates, or nil when absent.
func (e *evaluator) strings(attr *hcl.Attribute) []string {
	if attr == nil {
		return nil
	}
	v := e.value(attr, listOfStrings)
	if v == cty.NilVal {
		return nil
	}
	var out []string
	for _, el := range v.AsValueSlice() {
		if el.IsNull() {
			e.errorf(attr.Expr.Range(), "Invalid list element", "The %s argument must not contain null.", attr.Name)
			continue
		}
		out = append(out, el.AsString())
	}
	return uniqueSorted(out)
}

// listOfStrings is made once: a type is an allocation.
var listOfStrings = cty.List(cty.String)

// tags returns tags the way jwt/v2 stores them: lower case, trimmed,
// distinct and sorted.
func (e *evaluator) tags(attr *hcl.Attribute) []string {
	list := e.strings(attr)
	out := make([]string, 0, len(list))
	for _, t := range list {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(out)))
}

// validity reads expires, expires_in, renew_before and not_before.
func (e *evaluator) validity(attrs hcl.Attributes) Validity {
	v := Validity{
		NotBefore:   e.timestamp(attrs["not_before"]),
		Expires:     e.timestamp(attrs["expires"]),
		ExpiresIn:   e.duration(attrs["expires_in"]) / 1e9,
		RenewBefore: e.duration(attrs["renew_before"]) / 1e9,
	}
	if attrs["expires"] != nil && attrs["expires_in"] != nil {
		e.errorf(attrs["expires_in"].Range, "Conflicting expiry",
			"Set either expires, a fixed time, or expires_in, a lifetime from the time of signing, not both.")
	}
	if attrs["renew_before"] != nil && attrs["expires_in"] == nil {
		e.errorf(attrs["renew_before"].Range, "Renewal without lifetime",
			"renew_before re-issues a JWT some time before it expires and needs expires_in, the lifetime of each issue. Add expires_in, or remove renew_before.")
	}
	if v.ExpiresIn > 0 && v.RenewBefore >= v.ExpiresIn {
		e.errorf(attrs["renew_before"].Expr.Range(), "Renewal window too long",
			"renew_before must be shorter than expires_in, or every plan would re-issue the JWT. Shorten renew_before.")
	}
	return v
}

// validityAttrs are the attributes validity reads, for schemas.
var validityAttrs = []hcl.AttributeSchema{
	{Name: "expires"}, {Name: "expires_in"}, {Name: "renew_before"}, {Name: "not_before"},
}
