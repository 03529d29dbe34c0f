package adopt

import (
	"fmt"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// grant is an activation token an account of the store issued for a
// private export, found on the import that carries it. It becomes a
// grant block whose state JWT is the token, byte for byte.
type grant struct {
	label    string
	exporter *account
	export   *jwt.Export
	importer *account
	imp      *jwt.Import
	token    string
	act      *jwt.ActivationClaims
	digest   string
}

// grants finds and verifies the activation tokens of every import. A
// token that does not decode or verify is an error naming the account's
// file; one from an account outside the store stays on its import; one
// that cannot be a grant (issued by another account than the exporter,
// for another account, for a public export) is a finding.
func (c *converter) grants() error {
	names := labels{}
	seen := map[string]bool{}
	for _, a := range c.accounts {
		for _, imp := range a.Claims.Imports {
			if imp.Token == "" || seen[imp.Token] {
				continue
			}
			seen[imp.Token] = true
			act, err := jwt.DecodeActivationClaims(imp.Token)
			if err != nil {
				return &nscstore.FileError{Path: a.Path, Err: fmt.Errorf("the activation token of import %q does not decode or its signature does not verify: %v", imp.Name, err)}
			}
			exp := c.byKey[imp.Account]
			if exp == nil {
				continue
			}
			e := c.exportFor(exp, imp)
			if why := grantProblem(a, exp, e, act); why != "" {
				c.find(a.addr, "nats.imports", "the activation token of import %q %s; it is left on the import", imp.Name, why)
				continue
			}
			g := &grant{exporter: exp, export: e, importer: a, imp: imp, token: imp.Token, act: act}
			g.label = names.take(exp.exports[e]+"_to_"+a.label, "grant")
			g.digest = planner.Digest(act)
			c.grantList = append(c.grantList, g)
			r := resource(state.KindGrant, g.label, nscstore.File{Path: a.Path, JWT: g.token}, act)
			r.Export = exp.exports[e]
			c.st.Resources["grant."+g.label] = r
		}
	}
	return nil
}

// grantProblem says why a token of a managed exporter cannot be a grant,
// "" when it can.
func grantProblem(importer, exp *account, e *jwt.Export, act *jwt.ActivationClaims) string {
	issuerAccount := act.IssuerAccount
	if issuerAccount == "" {
		issuerAccount = act.Issuer
	}
	switch {
	case issuerAccount != exp.Claims.Subject:
		return "was issued by " + issuerAccount + ", not by the exporting account " + exp.Claims.Name
	case act.Issuer != exp.Claims.Subject && !exp.Claims.SigningKeys.Contains(act.Issuer):
		return "is signed by " + act.Issuer + ", which is neither " + exp.Claims.Name + "'s key nor one of its signing keys"
	case act.Subject != importer.Claims.Subject:
		return "is for " + act.Subject + ", not for this account"
	case e == nil:
		return "is for an export " + exp.Claims.Name + " does not have"
	case !e.TokenReq:
		return "is for a public export, which needs none"
	}
	return ""
}

// grantOf returns the grant an import carries, or nil.
func (c *converter) grantOf(imp *jwt.Import) *grant {
	for _, g := range c.grantList {
		if g.imp == imp {
			return g
		}
	}
	return nil
}

// grantBlock writes one grant.
func (c *converter) grantBlock(g *grant) *block {
	b := newBlock("grant", g.label)
	kind := g.export.Type.String()
	b.attr(kind, g.exporter.addr+"."+kind+"."+g.exporter.exports[g.export])
	b.attr("to", g.importer.addr)
	if g.act.ImportSubject != g.export.Subject {
		b.attr("subject", c.subject(string(g.act.ImportSubject)))
	}
	if g.act.Issuer != g.exporter.Claims.Subject {
		b.attr("signed_by", g.exporter.addr+".signing_key."+g.exporter.keys[g.act.Issuer])
	}
	validity(b, g.act.ClaimsData)
	return b
}
