package lang

// Import rules that nsc does not check, each of which nats-server would
// otherwise answer with an import that silently does nothing: the
// importer's key missing from a token-position subject, an activation the
// exporter revokes, overlapping service imports, and an external
// activation token that was not issued for this import.

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"
)

// importOptions checks options that depend on the import's kind.
func (v *validator) importOptions(i *Import) {
	r := i.Ranges
	if i.Share && i.Kind == Stream {
		v.errorf(r.Of("share"), "Share on a stream import",
			"share passes the requester's connection details to a service for latency tracking; streams have no requester. Remove it.")
	}
	if i.AllowTrace && i.Kind == Service {
		v.errorf(r.Of("allow_trace"), "Trace on a service import",
			"allow_trace on an import lets message traces cross into a stream import; for a service, set allow_trace on the export. Remove it.")
	}
	if (i.Token != "" || i.TokenURL != "") && !i.External() {
		v.errorf(r.Of(first(r, "token", "token_url")), "Token for a managed export",
			"natsplan issues activation tokens for exports of the accounts it manages, with grant blocks. "+
				"Remove the token here and add a grant for this import.")
	}
	if i.Token != "" && i.TokenURL != "" {
		v.errorf(r.Of("token_url"), "Conflicting tokens", "Give the activation token once: token, or token_url, not both.")
	}
	if i.TokenURL != "" {
		v.tokenURL(i)
	}
	if i.AllowInsecureURL && i.TokenURL == "" {
		v.errorf(r.Of("allow_insecure_url"), "Insecure URL without a URL",
			"allow_insecure_url lets token_url be a plain http URL; this import has no token_url. Remove allow_insecure_url.")
	}
}

// tokenURL checks the URL apply fetches an activation token from: https,
// unless the import allows plain http in so many words, since whoever
// answers the request chooses the token.
func (v *validator) tokenURL(i *Import) {
	rng := i.Ranges.Of("token_url")
	u, err := url.Parse(i.TokenURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		v.errorf(rng, "Invalid token URL", "%q is not an https URL. Write it as https://host/path.", i.TokenURL)
	case u.Scheme == "http" && !i.AllowInsecureURL:
		v.errorf(rng, "Insecure token URL",
			"%q is plain http: anyone between apply and %s can answer with a token of their choice. "+
				"Use https, or set allow_insecure_url = true on this import to accept that.", i.TokenURL, u.Host)
	case u.User != nil:
		v.errorf(rng, "Credentials in token URL",
			"The token URL carries a user name or password, and every plan prints the URL. Serve the token without them.")
	}
}

func first(r Ranges, names ...string) string {
	for _, n := range names {
		if r.Has(n) {
			return n
		}
	}
	return names[0]
}

// managedByKey turns an import whose from is the public key of an
// account natsplan manages into the import of that account's export, so
// that the rules for managed exports (grants, token positions,
// revocations) apply to it as to a reference: a key written as a string
// must not make a private export public. The export is the one of the
// import's kind whose subject is the import's, or else the only one
// whose subject holds it. It returns false after reporting why there is
// no such export.
func (v *validator) managedByKey(i *Import) bool {
	if !i.External() {
		return true
	}
	a := v.accountByKey(i.FromKey)
	if a == nil {
		return true
	}
	var holding []*Export
	for _, e := range a.Exports {
		if e.Kind != i.Kind || !validSubject(e.Subject) || !validSubject(i.Subject) {
			continue
		}
		if e.Subject == i.Subject {
			holding = []*Export{e}
			break
		}
		if subjectContains(e.Subject, i.Subject) {
			holding = append(holding, e)
		}
	}
	if len(holding) == 0 && i.Token == "" && i.TokenURL == "" {
		// nsc keeps an import when the export is deleted: waivable, so
		// that such a store adopts as it is (adopt writes it by key).
		v.waivable(i.RefRange, []string{"account." + i.Account, a.Address()}, "Import of a missing export",
			"from is the public key of account %q, which natsplan manages and which has no %s export holding subject %q "+
				"(nsc keeps an import when its export is deleted), so nothing reaches this import. "+
				"Remove the import, or add the export to account %q and import it by reference.",
			a.Name, i.Kind, i.Subject, a.Name)
		return false
	}
	if len(holding) != 1 {
		v.errorf(i.RefRange, "Import of a managed account by key",
			"from is the public key of account %q, which natsplan manages, and %s of its %s exports hold subject %q. "+
				"Import the export by reference instead: %s = account.%s.%s.NAME.",
			a.Name, countWord(len(holding)), i.Kind, i.Subject, i.Kind, a.Name, i.Kind)
		return false
	}
	i.From, i.Export = a.Name, holding[0].Name
	return true
}

func countWord(n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprintf("%d", n)
}

// accountByKey returns the managed account whose public key is key.
func (v *validator) accountByKey(key string) *Account {
	if v.byKey == nil {
		v.byKey = map[string]*Account{}
		for _, a := range v.cfg.Accounts {
			if a.PublicKey != "" && v.byKey[a.PublicKey] == nil {
				v.byKey[a.PublicKey] = a
			}
		}
	}
	return v.byKey[key]
}

// externalImport checks an import from an account natsplan does not
// manage: the exporter's key, and the token, which must be an activation
// for this account, from that exporter, for this kind and subject.
func (v *validator) externalImport(i *Import) {
	v.diags = append(v.diags, checkKey(KeyRef{Key: i.FromKey, Range: i.Ranges.Of("from")}, "account", isAccountKey)...)
	if i.Token == "" {
		return
	}
	rng := i.Ranges.Of("token")
	act, err := jwt.DecodeActivationClaims(strings.TrimSpace(i.Token))
	if err != nil {
		v.errorf(rng, "Invalid activation token", "The token does not decode as an activation JWT: %s. "+
			"Check that the file holds the token the exporter generated (nsc generate activation), and nothing else.", err)
		return
	}
	i.Token = strings.TrimSpace(i.Token)
	importer := v.accounts[i.Account]
	var probs []string
	if act.Issuer != i.FromKey && act.IssuerAccount != i.FromKey {
		probs = append(probs, fmt.Sprintf("it was issued by %s, not by the account in from", issuerOf(act)))
	}
	if importer != nil && v.cfg.IsPending(importer.PublicKey) {
		v.errorf(rng, "Activation token for an account not created yet",
			"Account %q has no key yet, so no activation token can have been issued for it. Apply without this import first, "+
				"then ask the exporter for a token for the account's public key (natsplan show lists it).", i.Account)
		return
	}
	if importer != nil && act.Subject != importer.PublicKey {
		probs = append(probs, fmt.Sprintf("it is for account %s, not for account %q (%s)", act.Subject, i.Account, importer.PublicKey))
	}
	if string(i.Kind) != act.ImportType.String() {
		probs = append(probs, fmt.Sprintf("it activates a %s, not a %s", act.ImportType, i.Kind))
	}
	if validSubject(i.Subject) && validSubject(string(act.ImportSubject)) && !subjectContains(string(act.ImportSubject), i.Subject) {
		probs = append(probs, fmt.Sprintf("it allows %q, which does not hold %q", act.ImportSubject, i.Subject))
	}
	if len(probs) > 0 {
		v.errorf(rng, "Activation token does not match import",
			"nats-server would refuse this token: %s. Ask the exporter for a token for this account and subject.", strings.Join(probs, "; "))
	}
}

func issuerOf(act *jwt.ActivationClaims) string {
	if act.IssuerAccount != "" {
		return act.IssuerAccount
	}
	return act.Issuer
}

// subjectFor is an export's subject as one account sees it: with that
// account's public key at the export's token position, if it has one.
func subjectFor(exp *Export, key string) string {
	if exp.TokenPosition == 0 || key == "" || !validSubject(exp.Subject) {
		return exp.Subject
	}
	toks := subjectTokens(exp.Subject)
	if int(exp.TokenPosition) <= len(toks) && toks[exp.TokenPosition-1] == "*" {
		toks[exp.TokenPosition-1] = key
	}
	return strings.Join(toks, ".")
}

// defaultSubject is the subject of an import that sets none.
func (v *validator) defaultSubject(i *Import, exp *Export) string {
	if a := v.accounts[i.Account]; a != nil {
		return subjectFor(exp, a.PublicKey)
	}
	return exp.Subject
}

// tokenPosition checks that an import of a token-position export carries
// the importer's own key at that position, which nats-server requires.
func (v *validator) tokenPosition(i *Import, exp *Export) {
	a := v.accounts[i.Account]
	if exp.TokenPosition == 0 || a == nil || !validSubject(i.Subject) {
		return
	}
	toks := subjectTokens(i.Subject)
	pos := int(exp.TokenPosition)
	if pos <= len(toks) && toks[pos-1] == a.PublicKey {
		return
	}
	v.errorf(i.SubjectRange, "Import subject lacks the importer's key",
		"Export %q of account %q puts the importing account's public key at token %d of its subject (account_token_position), "+
			"so nats-server refuses subject %q from account %q. Leave subject out to get %q, or use account.%s.public_key at that token.",
		exp.Name, exp.Account, pos, i.Subject, i.Account, subjectFor(exp, a.PublicKey), i.Account)
}

// revokedActivation reports an import whose activation the export revokes.
// nsc leaves such an import in place, so the rule is waivable: adopting
// that store changes nothing, and signing any of the three is refused.
func (v *validator) revokedActivation(i *Import, exp *Export) {
	a := v.accounts[i.Account]
	if !exp.Private || a == nil {
		return
	}
	for _, r := range exp.Revoke {
		if r.Address == a.Address() || r.Key == a.PublicKey || r.Key == "*" {
			addrs := []string{a.Address(), "account." + exp.Account}
			if i.Grant != "" {
				addrs = append(addrs, "grant."+i.Grant)
			}
			v.waivable(i.RefRange, addrs, "Import of a revoked activation",
				"Export %q of account %q revokes the activations it issued to account %q (revoke_activations), so nats-server "+
					"refuses this import's token. Remove the account from revoke_activations, or remove this import.",
				exp.Name, exp.Account, i.Account)
			return
		}
	}
}

// overlappingServiceImports reports service imports of one account whose
// local subjects overlap: a request on a subject both match goes to only
// one of the exporters. jwt/v2 checks this only among imports from one
// exporting account, so nsc lets such imports through: the rule is
// waivable (an error only for a plan that signs the account).
func (v *validator) overlappingServiceImports(a *Account) {
	var seen []*Import
	for _, i := range a.Imports {
		local := localSubjectOf(i)
		if i.Kind != Service || !validSubject(local) {
			continue
		}
		for _, prev := range seen {
			if subjectsOverlap(local, localSubjectOf(prev)) {
				v.waivable(localRange(i), []string{a.Address()}, "Overlapping service imports",
					"Imports %q and %q of account %q take requests on %q and %q, which overlap, so nats-server would send a "+
						"request on a subject both match to only one of them. Give them local subjects that do not overlap.",
					prev.Name, i.Name, a.Name, localSubjectOf(prev), local)
				break
			}
		}
		seen = append(seen, i)
	}
}

// localSubjectOf is the subject an import takes messages on in the
// importing account, with $N references read as *.
func localSubjectOf(i *Import) string {
	if i.LocalSubject == "" {
		return i.Subject
	}
	toks := subjectTokens(i.LocalSubject)
	for n, t := range toks {
		if _, ok := wildcardRef(t); ok {
			toks[n] = "*"
		}
	}
	return strings.Join(toks, ".")
}

func localRange(i *Import) hcl.Range {
	if i.LocalSubject != "" {
		return i.LocalSubjectRange
	}
	return i.SubjectRange
}
