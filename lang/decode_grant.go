package lang

import (
	"github.com/hashicorp/hcl/v2"
)

var grantSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "service"},
		{Name: "stream"},
		{Name: "to", Required: true},
		{Name: "subject"},
	},
}

// grantDecl is a decoded grant block with its subject not yet evaluated.
type grantDecl struct {
	*Grant
	subject *hcl.Attribute
}

// decodeGrantBlock decodes a grant block. Malformed references leave the
// names empty, with a diagnostic; validation skips what is empty.
func decodeGrantBlock(block *hcl.Block) (*grantDecl, hcl.Diagnostics) {
	g := &grantDecl{Grant: &Grant{
		Name:         block.Labels[0],
		DeclRange:    block.DefRange,
		ToRange:      block.DefRange,
		SubjectRange: block.DefRange,
	}}
	diags := checkLabel(block, "grant")
	content, more := block.Body.Content(grantSchema)
	diags = append(diags, more...)

	ref, rng, more := decodeSourceRef(content.Attributes, block, "grant")
	diags = append(diags, more...)
	g.Kind, g.From, g.Export, g.RefRange = ref.Kind, ref.Account, ref.Export, rng

	if to := content.Attributes["to"]; to != nil {
		g.ToRange = to.Expr.Range()
		name, more := decodeAccountRef(to)
		diags = append(diags, more...)
		g.To = name
	}
	g.subject = content.Attributes["subject"]
	if g.subject != nil {
		g.SubjectRange = g.subject.Expr.Range()
	}
	return g, diags
}

// eval evaluates the subject and checks its syntax. It stays empty when
// unset; resolveGrant fills in its default.
func (g *grantDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	subject, set, diags := s.evalString(ctx, g.subject)
	if set {
		g.Subject = subject
		diags = append(diags, checkSubject(subject, g.SubjectRange)...)
	}
	return diags
}
