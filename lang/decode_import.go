package lang

import (
	"github.com/hashicorp/hcl/v2"
)

var importSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "service"},
		{Name: "stream"},
		{Name: "subject"},
		{Name: "local_subject"},
	},
}

// importDecl is a decoded import block with its subjects not yet
// evaluated.
type importDecl struct {
	*Import
	subject      *hcl.Attribute
	localSubject *hcl.Attribute
}

// decodeImportBlock decodes an import block of account. A malformed
// reference leaves From and Export empty, with a diagnostic; validation
// skips such imports instead of reporting them again.
func decodeImportBlock(block *hcl.Block, account string) (*importDecl, hcl.Diagnostics) {
	i := &importDecl{Import: &Import{
		Name:              block.Labels[0],
		Account:           account,
		DeclRange:         block.DefRange,
		SubjectRange:      block.DefRange,
		LocalSubjectRange: block.DefRange,
	}}
	diags := checkLabel(block, "import")
	content, more := block.Body.Content(importSchema)
	diags = append(diags, more...)

	ref, rng, more := decodeSourceRef(content.Attributes, block, "import")
	diags = append(diags, more...)
	i.Kind, i.From, i.Export, i.RefRange = ref.Kind, ref.Account, ref.Export, rng

	i.subject = content.Attributes["subject"]
	if i.subject != nil {
		i.SubjectRange = i.subject.Expr.Range()
	}
	i.localSubject = content.Attributes["local_subject"]
	if i.localSubject != nil {
		i.LocalSubjectRange = i.localSubject.Expr.Range()
	}
	return i, diags
}

// eval evaluates the subjects and checks their syntax. The remote subject
// stays empty when unset; resolveImport fills in its default.
func (i *importDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	subject, set, diags := s.evalString(ctx, i.subject)
	if set {
		i.Subject = subject
		diags = append(diags, checkSubject(subject, i.SubjectRange)...)
	}
	local, set, more := s.evalString(ctx, i.localSubject)
	diags = append(diags, more...)
	if set {
		i.LocalSubject = local
		diags = append(diags, checkSubject(local, i.LocalSubjectRange)...)
	}
	return diags
}
