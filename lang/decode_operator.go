package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// rootSchema is the top level of every file.
var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "operator", LabelNames: []string{"name"}},
		{Type: "account", LabelNames: []string{"name"}},
		{Type: "grant", LabelNames: []string{"name"}},
	},
}

var operatorSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "system_account"},
	},
}

// decodeOperatorBlock decodes an operator block. A missing or malformed
// system_account leaves SystemAccount empty, with a diagnostic.
func decodeOperatorBlock(block *hcl.Block) (*Operator, hcl.Diagnostics) {
	op := &Operator{Name: block.Labels[0], DeclRange: block.DefRange}
	diags := checkLabel(block, "operator")
	content, more := block.Body.Content(operatorSchema)
	diags = append(diags, more...)

	attr, ok := content.Attributes["system_account"]
	if !ok {
		return op, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing system account",
			Detail: "The operator needs a system account for nats-server's own traffic. " +
				"Add system_account = account.SYS to the operator block and declare account \"SYS\" {}.",
			Subject: block.DefRange.Ptr(),
		})
	}
	op.SystemRange = attr.Expr.Range()
	name, more := decodeAccountRef(attr)
	diags = append(diags, more...)
	op.SystemAccount = name
	return op, diags
}

// chooseOperator enforces "exactly one operator" over all files and returns
// the one. start is where a missing operator is reported.
func chooseOperator(ops []*Operator, start hcl.Range) (*Operator, hcl.Diagnostics) {
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

// posString formats the start of a range as file:line for messages that
// point at a second place.
func posString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}
