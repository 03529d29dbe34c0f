package lang

// Some arguments name an entity that natsplan may or may not manage: a
// grant's to, an import's from, an export's revoke_activations, an
// authorization callout's users and accounts. They take either a
// reference (account.B, account.A.user.auth), which resolves to the
// entity's key, or a string holding a public key, for an entity managed
// elsewhere. A list may mix the two.

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// valueRoots are the roots of expressions that are values, not
// references, even though they look like references.
var valueRoots = map[string]bool{"var": true, "local": true, "each": true, "outer": true}

// isReference reports whether expr is written as a reference to a block:
// reference-shaped and not rooted at var, local or each.
func isReference(expr hcl.Expression) bool {
	root, ok := exprRoot(expr)
	return ok && !valueRoots[root]
}

// keyRef decodes one reference-or-key. kind is "account" (account.NAME)
// or "user" (account.NAME.user.NAME).
func (e *evaluator) keyRef(attr *hcl.Attribute, kind string) (KeyRef, bool) {
	rng := attr.Expr.Range()
	if isReference(attr.Expr) {
		var ref blockRef
		var diags hcl.Diagnostics
		e.s.needKeyEntities(attr.Expr)
		if kind == "user" {
			ref, diags = decodeRef(attr, e.ctx, "account.NAME.user.NAME", "account", "user")
		} else {
			ref, diags = decodeRef(attr, e.ctx, "account.NAME, or a public key", "account")
		}
		e.diags = append(e.diags, diags...)
		if diags.HasErrors() {
			return KeyRef{}, false
		}
		addr := "account." + ref.name
		if ref.kind != "" {
			addr += "." + ref.kind + "." + ref.sub
		}
		return KeyRef{Address: addr, Key: e.s.keys.key(addr), Range: rng}, true
	}
	v := e.value(attr, cty.String)
	if v == cty.NilVal {
		return KeyRef{}, false
	}
	return KeyRef{Key: v.AsString(), Range: rng}, true
}

// keyRefs decodes a list of references-or-keys, written as a list whose
// elements are each one, or as any expression giving a list of strings.
// With star, the string "*" stands for every account.
func (e *evaluator) keyRefs(attr *hcl.Attribute, kind string, star bool) []KeyRef {
	if attr == nil {
		return nil
	}
	var out []KeyRef
	if tuple, ok := attr.Expr.(*hclsyntax.TupleConsExpr); ok {
		for _, el := range tuple.Exprs {
			if r, ok := e.keyRef(&hcl.Attribute{Name: attr.Name, Expr: el, Range: el.Range()}, kind); ok {
				out = append(out, r)
			}
		}
	} else {
		for _, k := range e.strings(attr) {
			out = append(out, KeyRef{Key: k, Range: attr.Expr.Range()})
		}
	}
	for _, r := range out {
		if r.Key == "*" && !star {
			e.errorf(r.Range, "Invalid key", "%q stands for every account and is not allowed here. Name each entity.", r.Key)
		}
	}
	return out
}

// checkKey reports a key given as a string that is not a public key of
// the wanted kind (checked by valid).
func checkKey(r KeyRef, what string, valid func(string) bool) hcl.Diagnostics {
	if r.Address != "" || r.Key == "" || r.Key == "*" || valid(r.Key) {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid public key",
		Detail: fmt.Sprintf("%q is not the public key of %s %s. Name an entity natsplan manages with a reference "+
			"such as account.NAME, or give the public key of one it does not manage.", r.Key, lowerArticle(what), what),
		Subject: r.Range.Ptr(),
	}}
}
