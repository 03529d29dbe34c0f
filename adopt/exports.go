package adopt

import (
	"strings"

	"github.com/nats-io/jwt/v2"
)

// export writes one service or stream block.
func (c *converter) export(a *account, e *jwt.Export) *block {
	label := a.exports[e]
	b := newBlock(e.Type.String(), label)
	named(b, label, e.Name)
	b.attr("subject", c.subject(string(e.Subject)))
	if e.TokenReq {
		b.attr("private", "true")
	}
	if e.ResponseType != "" && e.ResponseType != jwt.ResponseTypeSingleton {
		b.attr("response_type", quote(string(e.ResponseType)))
	}
	if e.ResponseThreshold != 0 {
		b.attr("response_threshold", duration(e.ResponseThreshold))
	}
	if e.AccountTokenPosition != 0 {
		b.attr("account_token_position", num(int64(e.AccountTokenPosition)))
	}
	if e.Advertise {
		b.attr("advertise", "true")
	}
	if e.AllowTrace {
		b.attr("allow_trace", "true")
	}
	if e.Description != "" {
		b.attr("description", quote(e.Description))
	}
	if e.InfoURL != "" {
		b.attr("info_url", quote(e.InfoURL))
	}
	// A public export's revocations revoke nothing (no importer needs a
	// token), and the language refuses them there: they stay in the
	// state only, carried into the claims unchanged (revocations()).
	if len(e.Revocations) > 0 && e.TokenReq {
		keys := make([]string, 0, len(e.Revocations))
		for k := range e.Revocations {
			keys = append(keys, k)
		}
		b.attr("revoke_activations", c.keyRefs(keys, c.accountRef))
	}
	if l := e.Latency; l != nil {
		lb := b.add(newBlock("latency", ""))
		if l.Sampling != jwt.Headers {
			lb.attr("sampling", num(int64(l.Sampling)))
		}
		lb.attr("results", quote(string(l.Results)))
	}
	return b
}

// importBlock writes one import: by reference to a managed export, or by
// subject and public key for an account outside the store. An import of
// a managed account that exports nothing covering it (nsc keeps it when
// the export is deleted) is written by key too, which the language
// accepts with a warning while nothing signs it; one with a token cannot
// be written (it would be an external token for a managed account), so
// it is a finding.
func (c *converter) importBlock(a *account, imp *jwt.Import) *block {
	label := a.imports[imp]
	b := newBlock("import", label)
	named(b, label, imp.Name)
	kind := imp.Type.String()
	exp := c.byKey[imp.Account]
	switch e := c.exportFor(exp, imp); {
	case exp == nil:
		b.attr(kind, quote(string(imp.Subject)))
		b.attr("from", quote(imp.Account))
		if imp.Token != "" {
			b.attr("token", quote(imp.Token))
		}
	case e == nil && imp.Token == "":
		// nsc keeps an import whose export was deleted; the language takes
		// it by key only, with a warning (lang's waivable rules).
		b.comment("%s exports no %s holding this subject any more.", exp.label, kind)
		b.attr(kind, c.subject(string(imp.Subject)))
		b.attr("from", quote(imp.Account))
	case e == nil:
		c.find(a.addr, "nats.imports", "import %q names %s of account %s, which exports no %s that covers it; it is left out",
			imp.Name, imp.Subject, exp.Claims.Name, kind)
		return nil
	default:
		b.attr(kind, exp.addr+"."+kind+"."+exp.exports[e])
		if string(imp.Subject) != c.defaultImportSubject(a, exp, e, imp) {
			b.attr("subject", c.subject(string(imp.Subject)))
		}
	}
	if imp.LocalSubject != "" {
		b.attr("local_subject", c.subject(string(imp.LocalSubject)))
	}
	if imp.Share {
		b.attr("share", "true")
	}
	if imp.AllowTrace {
		b.attr("allow_trace", "true")
	}
	return b
}

// exportFor finds the export of exp an import is of: same kind, and a
// subject equal to the import's or holding it (the narrowest such).
func (c *converter) exportFor(exp *account, imp *jwt.Import) *jwt.Export {
	if exp == nil {
		return nil
	}
	var best *jwt.Export
	for _, e := range exp.Claims.Exports {
		if e.Type != imp.Type {
			continue
		}
		if e.Subject == imp.Subject {
			return e
		}
		if imp.Subject.IsContainedIn(e.Subject) && (best == nil || len(e.Subject) > len(best.Subject)) {
			best = e
		}
	}
	return best
}

// defaultImportSubject is the remote subject the language gives an
// import that names none: the grant's subject for a private export, else
// the export's subject with the importer's key at the token position.
func (c *converter) defaultImportSubject(importer, exp *account, e *jwt.Export, imp *jwt.Import) string {
	if e.TokenReq {
		if g := c.grantOf(imp); g != nil {
			return string(g.act.ImportSubject)
		}
		return string(e.Subject)
	}
	return withKeyAt(string(e.Subject), e.AccountTokenPosition, importer.Claims.Subject)
}

func withKeyAt(subject string, pos uint, key string) string {
	if pos == 0 {
		return subject
	}
	tokens := strings.Split(subject, ".")
	if int(pos) <= len(tokens) {
		tokens[pos-1] = key
	}
	return strings.Join(tokens, ".")
}

// subject writes a subject, with the public keys of managed accounts in
// it written as references (help.${account.C.public_key}).
func (c *converter) subject(s string) string {
	var out strings.Builder
	lit := 0
	const keyLen = 56
	for i := 0; i+keyLen <= len(s); i++ {
		a := c.byKey[s[i:i+keyLen]]
		if a == nil {
			continue
		}
		out.WriteString(escape(s[lit:i]))
		out.WriteString("${" + a.addr + ".public_key}")
		i += keyLen - 1
		lit = i + 1
	}
	out.WriteString(escape(s[lit:]))
	return `"` + out.String() + `"`
}
