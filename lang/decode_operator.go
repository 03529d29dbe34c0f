package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// operatorDecl is an operator block, its signing keys known before
// evaluation so that references to them resolve.
type operatorDecl struct {
	*Operator
	b *body
}

// decodeOperatorBlock decodes an operator block; its arguments are
// evaluated later by eval.
func decodeOperatorBlock(block *hcl.Block) (*operatorDecl, hcl.Diagnostics) {
	b, diags := decodeBody(block, operatorNode)
	op := &operatorDecl{Operator: &Operator{Name: b.label(), ClaimName: b.label(), DeclRange: block.DefRange,
		SystemRange: block.DefRange, Ranges: b.ranges()}, b: b}
	for _, kb := range b.nested["signing_key"] {
		op.SigningKeys = append(op.SigningKeys, &SigningKey{Name: kb.label(), Owner: op.Address(),
			DeclRange: kb.block.DefRange})
	}
	diags = append(diags, duplicates(op.SigningKeys, "signing key", fmt.Sprintf(" in operator %q", op.Name),
		"Signing key names must be unique within their owner; rename or remove one of the blocks.")...)
	return op, diags
}

// eval evaluates the operator's arguments in ctx.
func (op *operatorDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	e := s.evaluator(ctx)
	a := op.b.attrs
	if attr := a["system_account"]; attr != nil {
		op.SystemRange = attr.Expr.Range()
		s.needKeyEntities(attr.Expr)
		name, diags := decodeAccountRef(attr, ctx)
		e.diags = append(e.diags, diags...)
		op.SystemAccount = name
	} else {
		e.errorf(op.DeclRange, "Missing system account",
			"The operator needs a system account for nats-server's own traffic. "+
				"Add system_account = account.SYS to the operator block and declare account \"SYS\" {}.")
	}
	op.ClaimName = e.str(a["name"], op.ClaimName) // a JWT name that is no label (adopted from nsc)
	op.StrictSigningKeys = e.boolean(a["strict_signing_key_usage"], false)
	op.ServiceURLs = e.strings(a["service_urls"])
	op.AccountServerURL = e.str(a["account_server_url"], "")
	op.AssertServerVersion = e.str(a["assert_server_version"], "")
	op.Tags = e.tags(a["tags"])
	op.Validity = e.validity(a)
	op.PreventDestroy = e.preventDestroy(op.b, true)
	for i, kb := range op.b.nested["signing_key"] {
		e.rotation(op.SigningKeys[i], kb)
	}
	return e.diags
}

// preventDestroy reads lifecycle { prevent_destroy = ... }, or def.
func (e *evaluator) preventDestroy(b *body, def bool) bool {
	if lc := b.one("lifecycle"); lc != nil {
		return e.boolean(lc.attrs["prevent_destroy"], def)
	}
	return def
}

// chooseOperator enforces "exactly one operator" over all files and returns
// the one. start is where a missing operator is reported.
func chooseOperator(ops []*operatorDecl, start hcl.Range) (*operatorDecl, hcl.Diagnostics) {
	if len(ops) == 0 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Missing operator",
			Detail: "A configuration needs exactly one operator block, the root of trust that signs every account. " +
				"Add operator \"NAME\" { system_account = account.SYS } to one of the files.",
			Subject: start.Ptr(),
		}}
	}
	var diags hcl.Diagnostics
	for _, op := range ops[1:] {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate operator",
			Detail: fmt.Sprintf("An operator was already declared at %s. A configuration has exactly one operator; "+
				"remove this block, or keep its settings in the first one.", posString(ops[0].DeclRange)),
			Subject: op.DeclRange.Ptr(),
		})
	}
	return ops[0], diags
}
