package lang

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

var accountSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "user", LabelNames: []string{"name"}},
		{Type: "service", LabelNames: []string{"name"}},
		{Type: "stream", LabelNames: []string{"name"}},
		{Type: "import", LabelNames: []string{"name"}},
	},
}

var userSchema = &hcl.BodySchema{}

// accountDecl is a decoded account block whose exports and imports still
// hold their unevaluated arguments.
type accountDecl struct {
	*Account
	exports []*exportDecl
	imports []*importDecl
}

// decodeAccountBlock decodes an account and everything nested in it.
// Names are checked here; duplicates are found by checkDuplicates, which
// sees all files.
func decodeAccountBlock(block *hcl.Block) (*accountDecl, hcl.Diagnostics) {
	acct := &accountDecl{Account: &Account{Name: block.Labels[0], DeclRange: block.DefRange}}
	diags := checkLabel(block, "account")
	content, more := block.Body.Content(accountSchema)
	diags = append(diags, more...)

	for _, b := range content.Blocks {
		switch b.Type {
		case "user":
			u, more := decodeUserBlock(b, acct.Name)
			diags = append(diags, more...)
			acct.Users = append(acct.Users, u)
		case "service", "stream":
			e, more := decodeExportBlock(b, acct.Name)
			diags = append(diags, more...)
			acct.exports = append(acct.exports, e)
			acct.Exports = append(acct.Exports, e.Export)
		case "import":
			i, more := decodeImportBlock(b, acct.Name)
			diags = append(diags, more...)
			acct.imports = append(acct.imports, i)
			acct.Imports = append(acct.Imports, i.Import)
		}
	}
	return acct, diags
}

// decodeUserBlock decodes a user. Users have no arguments yet; the schema
// still rejects unknown ones.
func decodeUserBlock(block *hcl.Block, account string) (*User, hcl.Diagnostics) {
	u := &User{Name: block.Labels[0], Account: account, DeclRange: block.DefRange}
	diags := checkLabel(block, "user")
	_, more := block.Body.Content(userSchema)
	return u, append(diags, more...)
}

// named is what duplicate detection needs of a block.
type named interface {
	name() string
	declRange() hcl.Range
}

func (a *Account) name() string         { return a.Name }
func (a *Account) declRange() hcl.Range { return a.DeclRange }
func (u *User) name() string            { return u.Name }
func (u *User) declRange() hcl.Range    { return u.DeclRange }
func (e *Export) name() string          { return e.Name }
func (e *Export) declRange() hcl.Range  { return e.DeclRange }
func (i *Import) name() string          { return i.Name }
func (i *Import) declRange() hcl.Range  { return i.DeclRange }
func (g *Grant) name() string           { return g.Name }
func (g *Grant) declRange() hcl.Range   { return g.DeclRange }

// duplicates reports every block whose name an earlier block in list (in
// source order) already has. what names the namespace in messages, where
// says where it lives ("" for the top level, or ` in account "X"`).
func duplicates[T named](list []T, what, where, hint string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	first := map[string]hcl.Range{}
	for _, item := range list {
		prev, seen := first[item.name()]
		if !seen {
			first[item.name()] = item.declRange()
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate " + what,
			Detail: fmt.Sprintf("%s %s named %q was already declared%s at %s. %s",
				article(what), what, item.name(), where, posString(prev), hint),
			Subject: item.declRange().Ptr(),
		})
	}
	return diags
}

// checkDuplicates reports duplicate names in every namespace. It runs on
// blocks in source order, before they are sorted.
func checkDuplicates(accts []*accountDecl, grants []*Grant) hcl.Diagnostics {
	var diags hcl.Diagnostics
	list := make([]*Account, len(accts))
	for i, a := range accts {
		list[i] = a.Account
	}
	diags = append(diags, duplicates(list, "account", "",
		"Account names must be unique; rename or remove one of the blocks.")...)
	for _, a := range accts {
		where := fmt.Sprintf(" in account %q", a.Name)
		diags = append(diags, duplicates(a.Users, "user", where,
			"User names must be unique within an account; rename or remove one of the blocks.")...)
		diags = append(diags, duplicates(a.Exports, "export", where,
			"Services and streams of an account share one namespace; rename one of them.")...)
		diags = append(diags, duplicates(a.Imports, "import", where,
			"Import names must be unique within an account; rename or remove one of the blocks.")...)
	}
	return append(diags, duplicates(grants, "grant", "",
		"Grant names must be unique; rename or remove one of the blocks.")...)
}

// article returns "An" before a vowel and "A" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "An"
	}
	return "A"
}
