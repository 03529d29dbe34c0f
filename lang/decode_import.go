package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// importDecl is one instance of an import block.
type importDecl struct {
	*Import
	b    *body
	each cty.Value
}

func newImportDecl(b *body, in instance, a *accountDecl) *importDecl {
	r := b.ranges()
	return &importDecl{b: b, each: in.each, Import: &Import{
		Name: instanceName(b.label(), in.key), Account: a.Name, DeclRange: b.block.DefRange,
		SubjectRange: r.Of("subject"), LocalSubjectRange: r.Of("local_subject"), Ranges: r,
	}}
}

// eval evaluates the import. An import names a managed export by
// reference (service = account.X.service.Y), or an export of an account
// natsplan does not manage by its subject and the account's public key
// (service = "weather.>", from = "AD..."). A malformed reference leaves
// From and Export empty, with a diagnostic; validation skips such imports.
func (i *importDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	e := s.evaluator(withEach(ctx, i.each))
	a := i.b.attrs
	i.Kind, i.RefRange = e.sourceRef(a, i.b.block, "import", &i.From, &i.Export, &i.Subject)
	if from := a["from"]; from != nil {
		if i.From != "" || i.Export != "" {
			e.errorf(from.Range, "Conflicting from",
				"from names the exporting account of an import from an account natsplan does not manage, given by subject. "+
					"This import names a managed export by reference; remove from.")
		} else if r, ok := e.keyRef(from, "account"); ok {
			i.FromKey = r.Key
			if r.Address != "" {
				e.errorf(from.Expr.Range(), "Managed account by key",
					"from = account.NAME names an account natsplan manages; import its export by reference instead: "+
						"service = account.NAME.service.EXPORT (or stream = ...).")
			}
		}
	} else if i.Subject != "" && i.From == "" {
		e.diags = append(e.diags, invalidRef(i.refAttr(), fmt.Sprintf("account.NAME.%s.NAME", i.Kind),
			"it is a string and no from names the exporting account; for an account natsplan does not manage, add from = \"<its public key>\"")...)
		i.Subject = ""
	}
	if i.From != "" && a["subject"] != nil {
		i.Subject = e.str(a["subject"], "")
		e.diags = append(e.diags, checkSubject(i.Subject, i.SubjectRange)...)
	}
	if i.Subject != "" && i.From == "" {
		e.diags = append(e.diags, checkSubject(i.Subject, i.RefRange)...)
	}
	if i.LocalSubject = e.str(a["local_subject"], ""); i.LocalSubject != "" {
		e.diags = append(e.diags, checkSubject(i.LocalSubject, i.LocalSubjectRange)...)
	}
	i.ClaimName = e.str(a["name"], "")
	i.Share = e.boolean(a["share"], false)
	i.AllowTrace = e.boolean(a["allow_trace"], false)
	i.Token = e.str(a["token"], "")
	i.TokenURL = e.str(a["token_url"], "")
	i.AllowInsecureURL = e.boolean(a["allow_insecure_url"], false)
	return e.diags
}

func (i *importDecl) refAttr() *hcl.Attribute {
	if a := i.b.attrs["service"]; a != nil {
		return a
	}
	return i.b.attrs["stream"]
}

// sourceRef decodes the one service or stream argument of an import or
// grant block (what names the block in messages). A reference fills
// account and export; a string (imports only) fills subject. It returns
// the kind and the range of the expression, or of the block when neither
// argument is set.
func (e *evaluator) sourceRef(attrs hcl.Attributes, block *hcl.Block, what string, account, export, subject *string) (ExportKind, hcl.Range) {
	svc, stream := attrs["service"], attrs["stream"]
	var attr *hcl.Attribute
	var kind ExportKind
	switch {
	case svc != nil && stream != nil:
		e.errorf(stream.Range, "Conflicting export references",
			"%s %s names exactly one export, but both service and stream are set. Remove one of them.", article(what), what)
		return "", stream.Expr.Range()
	case svc != nil:
		attr, kind = svc, Service
	case stream != nil:
		attr, kind = stream, Stream
	default:
		e.errorf(block.DefRange, "Missing export reference",
			"%s %s must name the export it is for. Set service = account.NAME.service.NAME or stream = account.NAME.stream.NAME.",
			article(what), what)
		return "", block.DefRange
	}
	if !isReference(attr.Expr) && subject != nil {
		*subject = e.str(attr, "")
		return kind, attr.Expr.Range()
	}
	e.s.needKeyEntities(attr.Expr)
	ref, diags := decodeExportRef(attr, e.ctx, kind)
	e.diags = append(e.diags, diags...)
	*account, *export = ref.Account, ref.Export
	return kind, attr.Expr.Range()
}
