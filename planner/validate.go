package planner

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"
)

// validateClaims runs jwt/v2's own validation on built claims, so anything
// the library (and so nats-server) would reject is reported on the block
// that produced it. Import tokens are still references at this point, so
// they are validated without them; lang has checked grants already.
func validateClaims(d *Desired) hcl.Diagnostics {
	c := withoutTokens(d.Claims)
	vr := jwt.CreateValidationResults()
	c.Validate(vr)
	var diags hcl.Diagnostics
	for _, issue := range vr.Issues {
		sev := hcl.DiagWarning
		if issue.Blocking || issue.TimeCheck {
			sev = hcl.DiagError
		}
		if issue.Description == "" {
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: sev,
			Summary:  "Invalid " + string(d.Kind) + " claims",
			Detail: fmt.Sprintf("The NATS JWT library rejects the claims built for %s: %s. "+
				"Change the block so that this no longer applies.", d.Address, issue.Description),
			Subject: d.DeclRange.Ptr(),
		})
	}
	return diags
}

func withoutTokens(c jwt.Claims) jwt.Claims {
	ac, ok := c.(*jwt.AccountClaims)
	if !ok {
		return c
	}
	cp := *ac
	cp.Imports = make(jwt.Imports, len(ac.Imports))
	for i, imp := range ac.Imports {
		ic := *imp
		ic.Token = ""
		cp.Imports[i] = &ic
	}
	return &cp
}
