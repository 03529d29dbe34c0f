package planner

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/lang"
)

// waivedRules turns each waivable rule the configuration breaks (see
// lang.Waivable) into an error when the plan would sign an entity it
// concerns: the warning only keeps JWTs the state holds as they are, it
// never lets natsplan sign what the rule refuses. A plan that deletes
// one of them signs nothing for it.
func waivedRules(cfg *lang.Config, p *Plan) hcl.Diagnostics {
	if len(cfg.Waivable) == 0 {
		return nil
	}
	signs := map[string]bool{}
	for _, c := range p.Changes {
		if c.Action != Delete {
			signs[c.Address] = true
		}
	}
	var diags hcl.Diagnostics
	for _, w := range cfg.Waivable {
		var signed []string
		for _, a := range w.Addresses {
			if signs[a] {
				signed = append(signed, a)
			}
		}
		if len(signed) == 0 {
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  w.Diag.Summary,
			Detail: fmt.Sprintf("This plan would sign %s, which this rule refuses: the state's JWTs may break it, a new "+
				"signature may not. %s", strings.Join(signed, " and "), w.Diag.Detail),
			Subject: w.Diag.Subject,
		})
	}
	return diags
}
