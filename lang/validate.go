package lang

// Cross-block rules run after every block is decoded and evaluated, so they
// see the whole configuration at once and report every finding. Each rule
// skips what an earlier phase already reported (an empty name from a bad
// reference, an invalid subject), so one mistake yields one diagnostic.
// The rules also fill in defaults that depend on other blocks: a grant's
// subject, an import's subject and the grant an import uses.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// validator holds the lookup tables of one configuration. The first
// declaration of a name wins; later duplicates were already reported.
type validator struct {
	cfg      *Config
	accounts map[string]*Account
	names    []string            // declared account names, for suggestions
	byKey    map[string]*Account // by public key, made when first needed
	diags    hcl.Diagnostics
}

// validate runs every cross-block rule over cfg, whose slices are sorted.
// Grants are resolved before imports, because an import's default subject
// is its grant's subject.
func validate(cfg *Config) hcl.Diagnostics {
	v := &validator{cfg: cfg, accounts: map[string]*Account{}}
	for _, a := range cfg.Accounts {
		if v.accounts[a.Name] == nil {
			v.accounts[a.Name] = a
			v.names = append(v.names, a.Name)
		}
	}
	v.systemAccount()
	v.operator()
	for _, g := range cfg.Grants {
		v.grant(g)
	}
	for _, a := range cfg.Accounts {
		for _, i := range a.Imports {
			v.importBlock(i)
		}
		v.account(a)
	}
	return v.diags
}

func (v *validator) errorf(rng hcl.Range, summary, format string, args ...any) {
	v.add(hcl.DiagError, rng, summary, format, args...)
}

func (v *validator) add(sev hcl.DiagnosticSeverity, rng hcl.Range, summary, format string, args ...any) {
	v.diags = append(v.diags, &hcl.Diagnostic{
		Severity: sev,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  rng.Ptr(),
	})
}

func (v *validator) systemAccount() {
	op := v.cfg.Operator
	if op == nil || op.SystemAccount == "" {
		return
	}
	if v.accounts[op.SystemAccount] == nil {
		v.diags = append(v.diags, undeclared("account", op.SystemAccount, v.names, op.SystemRange))
	}
}

// resolveExport returns the export a reference names, or nil after
// reporting why there is none.
func (v *validator) resolveExport(account string, kind ExportKind, name string, rng hcl.Range) *Export {
	acct := v.accounts[account]
	if acct == nil {
		v.diags = append(v.diags, undeclared("account", account, v.names, rng))
		return nil
	}
	exp := acct.Export(name)
	if exp == nil {
		var names []string
		for _, e := range acct.Exports {
			names = append(names, e.Name)
		}
		v.errorf(rng, "Reference to undeclared export",
			"Account %q has no service or stream named %q.%s Declare it inside account %q, or correct the name; "+
				"if the export was removed, remove what still uses it.",
			account, name, didYouMean(name, names), account)
		return nil
	}
	if exp.Kind != kind {
		v.errorf(rng, "Wrong export kind",
			"Export %q of account %q is a %s, not a %s. Use %s = account.%s.%s.%s, or name a %s export.",
			name, account, exp.Kind, kind, exp.Kind, account, exp.Kind, name, kind)
		return nil
	}
	return exp
}

// grant checks a grant and defaults its subject to the export's subject.
func (v *validator) grant(g *Grant) {
	if g.To != "" && v.accounts[g.To] == nil {
		v.diags = append(v.diags, undeclared("account", g.To, v.names, g.ToRange))
	}
	v.diags = append(v.diags, checkKey(KeyRef{Key: g.ToKey, Range: g.ToRange}, "account", isAccountKey)...)
	if g.From == "" {
		return
	}
	exp := v.resolveExport(g.From, g.Kind, g.Export, g.RefRange)
	if exp == nil {
		return
	}
	v.grantSigner(g)
	if g.To == g.From {
		v.errorf(g.ToRange, "Grant to exporting account",
			"Account %q exports %q itself and needs no activation token for it. Set to = the account that imports the export.",
			g.From, g.Export)
	}
	if !exp.Private {
		v.add(hcl.DiagWarning, g.RefRange, "Grant for public export",
			"Export %q of account %q is public, so any account may import it without an activation token, and this grant has no effect. "+
				"Remove the grant, or set private = true on the export so that importers need a grant.",
			exp.Name, exp.Account)
	}
	if g.Subject == "" {
		target := g.ToKey
		if a := v.accounts[g.To]; a != nil {
			target = a.PublicKey
		}
		g.Subject = subjectFor(exp, target)
		return
	}
	if validSubject(g.Subject) && validSubject(exp.Subject) && !subjectContains(exp.Subject, g.Subject) {
		v.errorf(g.SubjectRange, "Grant subject outside export",
			"Subject %q is not inside subject %q of export %q of account %q, so the activation token would allow nothing the export offers. "+
				"Use a subject that %q matches, for example by replacing one of its wildcards with a literal token.",
			g.Subject, exp.Subject, exp.Name, exp.Account, exp.Subject)
	}
}

// importBlock checks an import, picks its grant and defaults its subject.
func (v *validator) importBlock(i *Import) {
	if !v.managedByKey(i) {
		return
	}
	v.importOptions(i)
	if i.From == "" {
		if i.External() {
			v.externalImport(i)
		}
		return
	}
	if i.From == i.Account {
		v.errorf(i.RefRange, "Self-import",
			"Self-imports are not valid; an account can only import services and streams of other accounts. "+
				"Remove this import: account %q can use its own export %q directly.", i.Account, i.Export)
		return
	}
	exp := v.resolveExport(i.From, i.Kind, i.Export, i.RefRange)
	if exp == nil {
		return
	}
	inside := true
	if i.Subject != "" && validSubject(i.Subject) && validSubject(exp.Subject) && !subjectContains(exp.Subject, i.Subject) {
		inside = false
		v.errorf(i.SubjectRange, "Import subject outside export",
			"Subject %q is not inside subject %q of export %q of account %q, so nothing would match it. "+
				"Use a subject that %q matches, or leave subject out to import the whole export.",
			i.Subject, exp.Subject, exp.Name, exp.Account, exp.Subject)
	}
	if exp.Private {
		v.useGrant(i, exp, inside)
	}
	if i.Subject == "" {
		i.Subject = v.defaultSubject(i, exp)
	}
	v.tokenPosition(i, exp)
	v.revokedActivation(i, exp)
	v.localSubject(i)
}

// grantsFor returns the grants that let account import exp, by name.
func (v *validator) grantsFor(exp *Export, account string) []*Grant {
	var out []*Grant
	for _, g := range v.cfg.Grants {
		if g.From == exp.Account && g.Export == exp.Name && g.Kind == exp.Kind && g.To == account {
			out = append(out, g)
		}
	}
	return out
}

// useGrant picks the grant an import of a private export carries. An
// import without subject takes the subject of its only grant; with a
// subject, the first grant whose subject contains it. check is false when
// the subject was already reported, so that no second error follows.
func (v *validator) useGrant(i *Import, exp *Export, check bool) {
	grants := v.grantsFor(exp, i.Account)
	if len(grants) == 0 {
		v.errorf(i.RefRange, "Missing grant",
			"Export %q of account %q is private, so account %q can import it only with an activation token. "+
				"Add a grant block with %s = account.%s.%s.%s and to = account.%s, or make the export public.",
			exp.Name, exp.Account, i.Account, exp.Kind, exp.Account, exp.Kind, exp.Name, i.Account)
		return
	}
	if i.Subject == "" {
		if len(grants) > 1 {
			v.errorf(i.DeclRange, "Ambiguous grant",
				"Grants %s all let account %q import export %q, and an import carries one activation token. "+
					"Set subject in this import to the subject of the grant it should use.",
				grantNames(grants), i.Account, exp.Name)
			return
		}
		i.Grant, i.Subject = grants[0].Name, grants[0].Subject
		return
	}
	for _, g := range grants {
		if !check || !validSubject(i.Subject) || !validSubject(g.Subject) || subjectContains(g.Subject, i.Subject) {
			i.Grant = g.Name
			return
		}
	}
	v.errorf(i.SubjectRange, "Import subject outside grant",
		"Subject %q is not inside the subject that grant %s allows (%s), so nats-server would refuse the activation token. "+
			"Use a subject inside the grant's, leave subject out to use the grant's own subject, or change the grant.",
		i.Subject, grantNames(grants), grantSubjects(grants))
}

// localSubject checks local_subject against the remote subject with the
// rules of jwt/v2.
func (v *validator) localSubject(i *Import) {
	if i.LocalSubject == "" || !validSubject(i.LocalSubject) || !validSubject(i.Subject) {
		return
	}
	for _, prob := range localSubjectProblems(i.LocalSubject, i.Subject) {
		v.errorf(i.LocalSubjectRange, "Invalid local subject", "%s Change local_subject to match the subject it renames.", prob)
	}
}

func grantNames(grants []*Grant) string {
	names := make([]string, len(grants))
	for n, g := range grants {
		names[n] = fmt.Sprintf("%q", g.Name)
	}
	return strings.Join(names, ", ")
}

func grantSubjects(grants []*Grant) string {
	subjects := make([]string, len(grants))
	for n, g := range grants {
		subjects[n] = fmt.Sprintf("%q", g.Subject)
	}
	return strings.Join(subjects, ", ")
}
