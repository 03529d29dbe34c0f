package planner

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// preventDestroy refuses a plan that deletes an entity whose state
// records lifecycle.prevent_destroy (the operator and the system account
// by default). The block that set it is gone, so the diagnostic has no
// place in the configuration; it says how to delete the entity on purpose.
func preventDestroy(p *Plan) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range p.Changes {
		if c.Action != Delete || c.Prior == nil || !c.Prior.PreventDestroy {
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Instance cannot be destroyed",
			Detail: fmt.Sprintf("%s has lifecycle.prevent_destroy set, and the configuration no longer declares it, so this plan "+
				"would destroy it and every key and JWT that depends on it. If it was renamed, add a moved block "+
				"with from = %s and to = its new address, one argument per line. To destroy it on purpose, first set lifecycle { prevent_destroy = false } "+
				"in its block and apply, then remove the block.", c.Address, c.Address),
		})
	}
	return diags
}
