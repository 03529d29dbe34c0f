package lang

// locals blocks name values for reuse, as in Terraform:
//
//	locals {
//	  env    = "prod"
//	  prefix = "${local.env}.orders"
//	}
//
// Locals are evaluated in dependency order, in two passes: first those that
// need neither account nor operator keys (so that for_each may use them),
// then, once every block is expanded, the rest.

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// decodeLocals collects the attributes of every locals block, reporting
// names declared twice.
func decodeLocals(blocks []*hcl.Block) ([]*hcl.Attribute, hcl.Diagnostics) {
	var out []*hcl.Attribute
	var diags hcl.Diagnostics
	seen := map[string]*hcl.Attribute{}
	for _, b := range blocks {
		attrs, more := b.Body.JustAttributes()
		diags = append(diags, more...)
		for _, a := range sortedAttrs(attrs) {
			if prev := seen[a.Name]; prev != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Duplicate local value",
					Detail: fmt.Sprintf("A local value named %q was already declared at %s. Rename or remove one of them.",
						a.Name, posString(prev.Range)),
					Subject: a.Range.Ptr(),
				})
				continue
			}
			seen[a.Name] = a
			out = append(out, a)
		}
	}
	return out, diags
}

// evalLocals evaluates every local of list that is ready: all the locals
// it uses are known and, unless full, it uses no account or operator key.
// It returns those left. With full set, what is left is a cycle or a
// reference to a local that does not exist, and is reported.
func (s *scope) evalLocals(list []*hcl.Attribute, full bool) ([]*hcl.Attribute, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	for {
		var left []*hcl.Attribute
		for _, a := range list {
			if !s.localReady(a, full) {
				left = append(left, a)
				continue
			}
			ctx := s.baseContext()
			if full {
				ctx = s.fullContext()
			}
			e := s.evaluator(ctx)
			// A local that fails is unknown from then on, so that what
			// uses it evaluates quietly instead of repeating the error.
			s.locals[a.Name] = cty.DynamicVal
			if v := e.value(a, cty.DynamicPseudoType); v != cty.NilVal {
				s.locals[a.Name] = v
			}
			diags = append(diags, e.diags...)
		}
		if len(left) == len(list) {
			if full {
				diags = append(diags, s.localProblems(left)...)
			}
			return left, diags
		}
		list = left
	}
}

func (s *scope) localReady(a *hcl.Attribute, full bool) bool {
	for _, trav := range a.Expr.Variables() {
		switch trav.RootName() {
		case "local":
			if len(trav) < 2 {
				continue
			}
			if step, ok := trav[1].(hcl.TraverseAttr); ok {
				if _, known := s.locals[step.Name]; !known {
					return false
				}
			}
		case "account", "operator":
			if !full {
				return false
			}
		}
	}
	return true
}

// localProblems explains why locals could not be evaluated.
func (s *scope) localProblems(left []*hcl.Attribute) hcl.Diagnostics {
	declared := map[string]bool{}
	for _, a := range left {
		declared[a.Name] = true
	}
	var diags hcl.Diagnostics
	for _, a := range left {
		detail := fmt.Sprintf("Local value %q depends, directly or through other locals, on itself. Break the cycle.", a.Name)
		for _, trav := range a.Expr.Variables() {
			if step, ok := localStep(trav); ok && !declared[step] && !s.hasLocal(step) {
				detail = fmt.Sprintf("Local value %q refers to local.%s, which is not declared. Declare it in a locals block, or correct the name.", a.Name, step)
			}
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Cannot evaluate local value", Detail: detail, Subject: a.Range.Ptr(),
		})
	}
	return diags
}

func (s *scope) hasLocal(name string) bool {
	_, ok := s.locals[name]
	return ok
}

// sortedAttrs returns attributes in source order.
func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Range.Start.Byte < out[j].Range.Start.Byte })
	return out
}

func localStep(trav hcl.Traversal) (string, bool) {
	if trav.RootName() != "local" || len(trav) < 2 {
		return "", false
	}
	step, ok := trav[1].(hcl.TraverseAttr)
	return step.Name, ok
}
