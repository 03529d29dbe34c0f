package lang

import (
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// grantDecl is one instance of a grant block.
type grantDecl struct {
	*Grant
	b    *body
	each cty.Value
}

// expandGrant makes the instances of a grant block.
func (s *scope) expandGrant(b *body, base *hcl.EvalContext) ([]*grantDecl, hcl.Diagnostics) {
	insts, diags := s.instances(base, b.attrs["for_each"])
	var out []*grantDecl
	r := b.ranges()
	for _, in := range insts {
		out = append(out, &grantDecl{b: b, each: in.each, Grant: &Grant{
			Name: instanceName(b.label(), in.key), DeclRange: b.block.DefRange,
			ToRange: r.Of("to"), SubjectRange: r.Of("subject"), Ranges: r,
		}})
	}
	return out, diags
}

// eval evaluates the grant. to names a managed account by reference or an
// account natsplan does not manage by its public key; for the latter,
// token_file says where apply writes the token to hand over.
func (g *grantDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	e := s.evaluator(withEach(ctx, g.each))
	a := g.b.attrs
	g.Kind, g.RefRange = e.sourceRef(a, g.b.block, "grant", &g.From, &g.Export, nil)
	if to := a["to"]; to != nil {
		if r, ok := e.keyRef(to, "account"); ok {
			if r.Address != "" {
				g.To = r.Address[len("account."):]
			} else {
				g.ToKey = r.Key
			}
		}
	}
	if v := e.value(a["subject"], cty.String); v != cty.NilVal {
		g.Subject = v.AsString()
		e.diags = append(e.diags, checkSubject(g.Subject, g.SubjectRange)...)
	}
	if f := e.str(a["token_file"], ""); f != "" {
		if !filepath.IsAbs(f) {
			f = filepath.Join(s.baseDir, f)
		}
		g.TokenFile = f
	}
	if attr := a["signed_by"]; attr != nil && g.From != "" {
		g.Signer = e.accountKeyRef(attr, g.From, "The activation token of a grant")
	}
	g.Validity = e.validity(a)
	g.PreventDestroy = e.preventDestroy(g.b, false)
	return e.diags
}
