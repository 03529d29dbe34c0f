package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

var exportSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "subject", Required: true},
		{Name: "private"},
	},
}

// exportDecl is a decoded service or stream block with its arguments not
// yet evaluated.
type exportDecl struct {
	*Export
	subject *hcl.Attribute
	private *hcl.Attribute
}

// decodeExportBlock decodes a service or stream block of account. The
// block type is the export's kind.
func decodeExportBlock(block *hcl.Block, account string) (*exportDecl, hcl.Diagnostics) {
	e := &exportDecl{Export: &Export{
		Name:         block.Labels[0],
		Kind:         ExportKind(block.Type),
		Account:      account,
		DeclRange:    block.DefRange,
		SubjectRange: block.DefRange,
	}}
	diags := checkLabel(block, string(e.Kind))
	content, more := block.Body.Content(exportSchema)
	diags = append(diags, more...)
	e.subject = content.Attributes["subject"]
	e.private = content.Attributes["private"]
	if e.subject != nil {
		e.SubjectRange = e.subject.Expr.Range()
	}
	return e, diags
}

// eval evaluates the export's arguments and checks the subject's syntax.
func (e *exportDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	subject, set, diags := s.evalString(ctx, e.subject)
	if set {
		e.Subject = subject
		diags = append(diags, checkSubject(subject, e.SubjectRange)...)
	} else if e.subject != nil && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing subject",
			Detail:   fmt.Sprintf("The %s needs the subject it is offered on, such as subject = \"help.>\"; it must not be null.", e.Kind),
			Subject:  e.SubjectRange.Ptr(),
		})
	}
	private, _, more := s.evalBool(ctx, e.private)
	e.Private = private
	return append(diags, more...)
}

// checkSubject reports an invalid subject at rng.
func checkSubject(subject string, rng hcl.Range) hcl.Diagnostics {
	prob := subjectProblem(subject)
	if prob == "" {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid subject",
		Detail: fmt.Sprintf("Subject %q is not valid: %s. A subject is a list of tokens separated by dots, "+
			"such as \"orders.new\"; * stands for one token and a final > for one or more tokens.", subject, prob),
		Subject: rng.Ptr(),
	}}
}
