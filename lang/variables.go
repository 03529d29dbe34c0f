package lang

// variable blocks declare inputs, as in Terraform:
//
//	variable "teams" {
//	  type        = map(list(string))   # any type expression; default any
//	  default     = {}                  # without it, a value is required
//	  description = "..."
//	}
//
// Values come from, in rising precedence: the default, NATSPLAN_VAR_name in
// the environment, -var-file files, and -var flags (files and flags in the
// order given). Values given as text (environment, -var) are read as
// strings for string, number and bool variables, and as HCL expressions
// for collections: -var 'teams={a=["x"]}'.

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
)

// variableDecl is a decoded variable block.
type variableDecl struct {
	name      string
	ty        cty.Type
	defaults  *typeexpr.Defaults
	def       cty.Value // cty.NilVal: required
	declRange hcl.Range
}

func decodeVariableBlock(block *hcl.Block) (*variableDecl, hcl.Diagnostics) {
	b, diags := decodeBody(block, variableNode)
	v := &variableDecl{name: b.label(), ty: cty.DynamicPseudoType, def: cty.NilVal, declRange: block.DefRange}
	if a := b.attrs["type"]; a != nil {
		ty, defaults, more := typeexpr.TypeConstraintWithDefaults(a.Expr)
		diags = append(diags, more...)
		if !more.HasErrors() {
			v.ty, v.defaults = ty, defaults
		}
	}
	if a := b.attrs["description"]; a != nil {
		_, more := a.Expr.Value(nil)
		diags = append(diags, more...)
	}
	if a := b.attrs["default"]; a != nil {
		val, more := a.Expr.Value(nil)
		diags = append(diags, more...)
		if !more.HasErrors() {
			v.def, more = v.convert(val, a.Expr.Range())
			diags = append(diags, more...)
		}
	}
	return v, diags
}

// convert applies the variable's type and optional attribute defaults.
func (v *variableDecl) convert(val cty.Value, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if v.defaults != nil {
		val = v.defaults.Apply(val)
	}
	out, err := convertValue(val, v.ty)
	if err != nil {
		return cty.NilVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail: fmt.Sprintf("The value for var.%s is not a %s: %s. Give a value of the variable's type.",
				v.name, v.ty.FriendlyName(), err),
			Subject: subjectOf(rng),
		}}
	}
	return out, nil
}

// subjectOf is rng as a diagnostic subject, or nil for a value given on
// the command line or in the environment, which has no place to show.
func subjectOf(rng hcl.Range) *hcl.Range {
	if rng.Filename == "" {
		return nil
	}
	return rng.Ptr()
}

// resolveVariables sets s.vars from the declarations and the values given
// from outside, and returns the values that came from outside, for the
// configuration digest.
func resolveVariables(decls []*variableDecl, given []givenValue, s *scope) (map[string]cty.Value, hcl.Diagnostics) {
	byName, diags := declareVariables(decls, s)
	outside := map[string]cty.Value{}
	for _, g := range given {
		d := byName[g.name]
		if d == nil {
			if diag := g.undeclared(); diag != nil {
				diags = append(diags, diag)
			}
			continue
		}
		val, more := g.value(d)
		diags = append(diags, more...)
		if val == cty.NilVal {
			val = cty.UnknownVal(d.ty) // reported; quiet from here on
		} else {
			outside[d.name] = val
		}
		s.vars[d.name] = val
	}
	for _, d := range byName {
		if _, ok := s.vars[d.name]; !ok {
			diags = append(diags, missingVariable(d))
			s.vars[d.name] = cty.UnknownVal(d.ty) // unknown, so that what uses it evaluates quietly
		}
	}
	return outside, diags
}

// declareVariables indexes the declarations, reporting duplicates, and
// sets the defaults.
func declareVariables(decls []*variableDecl, s *scope) (map[string]*variableDecl, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	byName := map[string]*variableDecl{}
	for _, d := range decls {
		if prev := byName[d.name]; prev != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate variable",
				Detail: fmt.Sprintf("A variable named %q was already declared at %s. Variable names must be unique; rename or remove one of the blocks.",
					d.name, posString(prev.declRange)),
				Subject: d.declRange.Ptr(),
			})
			continue
		}
		byName[d.name] = d
		if d.def != cty.NilVal {
			s.vars[d.name] = d.def
		}
	}
	return byName, diags
}

func missingVariable(d *variableDecl) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "No value for required variable",
		Detail: fmt.Sprintf("Variable %q has no default, so it needs a value: -var '%s=...', a -var-file, "+
			"or NATSPLAN_VAR_%s in the environment; or give it a default.", d.name, d.name, d.name),
		Subject: d.declRange.Ptr(),
	}
}
