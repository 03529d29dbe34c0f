package lang

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// suggestAttributes adds "Did you mean" to hcl's "Unsupported attribute"
// diagnostics (account.A.public_ky, var.tems), as hcl's schemas do for
// arguments and blocks: the attribute names are those of the object the
// traversal had reached, evaluated again in the diagnostic's context.
// It runs only on diagnostics, so a valid load pays nothing.
func suggestAttributes(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Summary != "Unsupported attribute" || d.EvalContext == nil || d.Expression == nil ||
			d.Subject == nil || strings.Contains(d.Detail, "Did you mean") {
			continue
		}
		for _, tr := range d.Expression.Variables() {
			if names, name, ok := attributesAt(tr, *d.Subject, d.EvalContext); ok {
				d.Detail += didYouMean(name, names)
				break
			}
		}
	}
}

// attributesAt finds the attribute step of tr at rng and lists the
// attributes of the object before it.
func attributesAt(tr hcl.Traversal, rng hcl.Range, ctx *hcl.EvalContext) ([]string, string, bool) {
	for i := 1; i < len(tr); i++ {
		step, ok := tr[i].(hcl.TraverseAttr)
		if !ok || step.SrcRange != rng {
			continue
		}
		v, diags := tr[:i].TraverseAbs(ctx)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
			return nil, "", false
		}
		var names []string
		for it := v.ElementIterator(); v.Type().IsMapType() && it.Next(); {
			k, _ := it.Element()
			names = append(names, k.AsString())
		}
		if v.Type().IsObjectType() {
			for n := range v.Type().AttributeTypes() {
				names = append(names, n)
			}
		}
		return names, step.Name, true
	}
	return nil, "", false
}
