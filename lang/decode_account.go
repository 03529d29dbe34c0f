package lang

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// accountDecl is one instance of an account block with its nested
// instances, arguments not yet evaluated.
type accountDecl struct {
	*Account
	b          *body
	label, key string
	each       cty.Value
	users      []*userDecl
	exports    []*exportDecl
	imports    []*importDecl
}

// checkAccountBody reports duplicate names among the blocks nested in an
// account block. It runs once per block, whatever its for_each.
func checkAccountBody(b *body) hcl.Diagnostics {
	where := fmt.Sprintf(" in account %q", b.label())
	var diags hcl.Diagnostics
	diags = append(diags, duplicateLabels(b.nested["user"], "user", where,
		"User names must be unique within an account; rename or remove one of the blocks.")...)
	diags = append(diags, duplicateLabels(append(append([]*body{}, b.nested["service"]...), b.nested["stream"]...), "export", where,
		"Services and streams of an account share one namespace; rename one of them.")...)
	diags = append(diags, duplicateLabels(b.nested["import"], "import", where,
		"Import names must be unique within an account; rename or remove one of the blocks.")...)
	diags = append(diags, duplicateLabels(b.nested["signing_key"], "signing key", where,
		"Signing key names must be unique within their owner; rename or remove one of the blocks.")...)
	return diags
}

// expandAccount makes the instances of an account block and of the
// blocks nested in each.
// base is the scope's base context.
func (s *scope) expandAccount(b *body, base *hcl.EvalContext) ([]*accountDecl, hcl.Diagnostics) {
	insts, diags := s.instances(base, b.attrs["for_each"])
	var out []*accountDecl
	for _, in := range insts {
		a := &accountDecl{b: b, label: b.label(), key: in.key, each: in.each, Account: &Account{
			Name: instanceName(b.label(), in.key), ClaimName: claimName(b.label(), in.key),
			DeclRange: b.block.DefRange, Ranges: b.ranges(),
		}}
		for _, kb := range b.nested["signing_key"] {
			k := &SigningKey{Name: kb.label(), Owner: a.Address(), DeclRange: kb.block.DefRange}
			diags = append(diags, s.readCompromised(k, kb, withEach(base, in.each))...)
			a.SigningKeys = append(a.SigningKeys, k)
		}
		diags = append(diags, s.expandNested(a, base)...)
		out = append(out, a)
	}
	return out, diags
}

// expandNested makes the instances of the users, exports and imports of
// one account instance.
func (s *scope) expandNested(a *accountDecl, base *hcl.EvalContext) hcl.Diagnostics {
	ctx := withEach(base, a.each)
	var diags hcl.Diagnostics
	// Sized for blocks without for_each, the common case: a fleet's
	// accounts grew these lists one append at a time.
	if n := len(a.b.nested["user"]); n > 0 {
		a.users, a.Users = make([]*userDecl, 0, n), make([]*User, 0, n)
	}
	if n := len(a.b.nested["import"]); n > 0 {
		a.imports, a.Imports = make([]*importDecl, 0, n), make([]*Import, 0, n)
	}
	for _, ub := range a.b.nested["user"] {
		insts, more := s.instances(ctx, ub.attrs["for_each"])
		diags = append(diags, more...)
		for _, in := range insts {
			u := newUserDecl(ub, in, a)
			a.users = append(a.users, u)
			a.Users = append(a.Users, u.User)
		}
	}
	for _, kind := range []string{"service", "stream"} {
		for _, eb := range a.b.nested[kind] {
			insts, more := s.instances(ctx, eb.attrs["for_each"])
			diags = append(diags, more...)
			for _, in := range insts {
				e := newExportDecl(eb, in, a)
				a.exports = append(a.exports, e)
				a.Exports = append(a.Exports, e.Export)
			}
		}
	}
	for _, ib := range a.b.nested["import"] {
		insts, more := s.instances(ctx, ib.attrs["for_each"])
		diags = append(diags, more...)
		for _, in := range insts {
			i := newImportDecl(ib, in, a)
			a.imports = append(a.imports, i)
			a.Imports = append(a.Imports, i.Import)
		}
	}
	return diags
}

// claimName is the JWT name of an instance: the label, or the key.
func claimName(label, key string) string {
	if key != "" {
		return key
	}
	return label
}

// eval evaluates the account's arguments and everything nested in it.
// system is the name of the system account, whose prevent_destroy
// defaults to true.
func (a *accountDecl) eval(s *scope, full *hcl.EvalContext, system string) hcl.Diagnostics {
	ctx := withEach(full, a.each)
	e := s.evaluator(ctx)
	attrs := a.b.attrs
	a.ClaimName = e.str(attrs["name"], a.ClaimName) // a JWT name that is no label (adopted from nsc)
	a.Description = e.str(attrs["description"], "")
	a.InfoURL = e.str(attrs["info_url"], "")
	a.Tags = e.tags(attrs["tags"])
	a.ClusterTraffic = e.str(attrs["cluster_traffic"], "")
	a.Validity = e.validity(attrs)
	a.PreventDestroy = e.preventDestroy(a.b, a.Name == system)
	if attr := attrs["signed_by"]; attr != nil {
		a.Signer = e.operatorKeyRef(attr)
	}
	e.accountLimits(a.Account, a.b.one("limits"))
	e.jetstream(a.Account, a.b.one("jetstream"))
	if p := a.b.one("default_permissions"); p != nil {
		a.DefaultPermissions = e.permissions(p)
	}
	for _, mb := range a.b.nested["mapping"] {
		a.Mappings = append(a.Mappings, e.mapping(mb))
	}
	a.Authorization = e.authorization(a.b.one("authorization"))
	a.Trace = e.trace(a.b.one("trace"))
	for i, kb := range a.b.nested["signing_key"] {
		e.signingKey(a.SigningKeys[i], kb)
	}
	diags := e.diags
	for _, u := range a.users {
		diags = append(diags, u.eval(s, ctx)...)
	}
	for _, x := range a.exports {
		diags = append(diags, x.eval(s, ctx)...)
	}
	for _, i := range a.imports {
		diags = append(diags, i.eval(s, ctx)...)
	}
	return diags
}

// operatorKeyRef decodes operator.NAME.signing_key.NAME and returns the
// key's name; the operator is checked by validation.
func (e *evaluator) operatorKeyRef(attr *hcl.Attribute) string {
	e.s.needKeyEntities(attr.Expr)
	ref, diags := decodeRef(attr, e.ctx, "operator.NAME.signing_key.NAME", "operator", "signing_key")
	e.diags = append(e.diags, diags...)
	return ref.sub
}

// duplicateLabels reports every block whose label an earlier block in
// list (in source order) already has.
func duplicateLabels(list []*body, what, where, hint string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	first := firstOfLabel(list)
	for i, b := range list {
		j := first(i)
		if j == i {
			continue
		}
		prev := list[j].block.DefRange
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate " + what,
			Detail: fmt.Sprintf("%s %s named %q was already declared%s at %s. %s",
				article(what), what, b.label(), where, posString(prev), hint),
			Subject: b.block.DefRange.Ptr(),
		})
	}
	return diags
}

// firstOfLabel returns a function that gives, for list[i], the index of
// the first body with its label. Short lists, as nearly all are, are
// searched; a map is made only for long ones (an account with thousands
// of users, say), where searching would be quadratic.
func firstOfLabel(list []*body) func(i int) int {
	if len(list) <= 32 {
		return func(i int) int {
			for j := range i {
				if list[j].label() == list[i].label() {
					return j
				}
			}
			return i
		}
	}
	first := make(map[string]int, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		first[list[i].label()] = i
	}
	return func(i int) int { return first[list[i].label()] }
}

// duplicates is duplicateLabels for signing keys, which are not bodies.
func duplicates(keys []*SigningKey, what, where, hint string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	first := map[string]hcl.Range{}
	for _, k := range keys {
		if prev, seen := first[k.Name]; seen {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate " + what,
				Detail: fmt.Sprintf("%s %s named %q was already declared%s at %s. %s",
					article(what), what, k.Name, where, posString(prev), hint),
				Subject: k.DeclRange.Ptr(),
			})
			continue
		}
		first[k.Name] = k.DeclRange
	}
	return diags
}

// article returns "An" before a vowel and "A" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "An"
	}
	return "A"
}

// lowerArticle is article in lower case, for the middle of a sentence.
func lowerArticle(word string) string { return strings.ToLower(article(word)) }
