package access

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
)

// link is one import as the server installs it: messages on from in the
// importing account go to (service) or come from (stream) the exporter.
type link struct {
	imp       *jwt.Import
	importer  *Account
	exporter  *Account
	from, to  string // service: local -> remote subject; stream: remote -> local
	usePub    bool   // wildcards on both sides the same: the subject is kept
	tr        server.SubjectTransformer
	back      server.SubjectTransformer // stream: local -> remote
	how       string                    // the export and what authorizes it, for answers
	broken    *failure                  // why the server does not install it; nil when it does
	unsure    *failure                  // set when it is installed but its effect is not decided
	export    string                    // the export's name
	exportKey string                    // the export's account and subject: which export it uses
	via       string                    // what authorizes it, in a few words
}

// links returns the imports of acc of type typ, in claims order, each
// with whether and how the server installs it.
func (w *World) links(acc *Account, typ jwt.ExportType) []*link {
	key := linkKey{acc, typ}
	w.mu.Lock()
	cached, ok := w.linkCache[key]
	w.mu.Unlock()
	if ok {
		return cached
	}
	out := w.resolveAll(acc, typ)
	w.mu.Lock()
	w.linkCache[key] = out
	w.mu.Unlock()
	return out
}

type linkKey struct {
	acc *Account
	typ jwt.ExportType
}

func (w *World) resolveAll(acc *Account, typ jwt.ExportType) []*link {
	var out []*link
	seen := map[string]bool{} // exporter + from: the server refuses duplicates
	for _, imp := range acc.Claims.Imports {
		if imp.Type != typ {
			continue
		}
		l := w.resolve(acc, imp)
		key := imp.Account + " " + l.from
		if l.broken == nil && seen[key] {
			l.broken = deny("a second import of %q from the same account, which the server refuses", l.from)
		}
		if l.broken == nil {
			seen[key] = true
		}
		out = append(out, l)
	}
	return out
}

// resolve builds one import's link: its subjects, transform and
// authorization, as the server does when it loads the importing account.
func (w *World) resolve(acc *Account, imp *jwt.Import) *link {
	l := &link{imp: imp, importer: acc, exporter: w.byPub(imp.Account)}
	l.from, l.to = string(imp.Subject), imp.GetTo()
	auth := string(imp.Subject) // the exporter-side subject the export must cover
	if imp.Type == jwt.Service {
		if imp.LocalSubject != "" {
			l.from, l.to = string(imp.LocalSubject), string(imp.Subject)
		}
		if l.to == "" {
			l.to = l.from
		}
		auth = l.to
	} else {
		if imp.To != "" && imp.LocalSubject == "" {
			l.unsure = unknown("stream import %q of %s uses the deprecated prefix 'to'", imp.Subject, acc.Address)
		}
		l.to = l.from
		if imp.LocalSubject != "" {
			l.to = string(imp.LocalSubject)
		}
	}
	if l.exporter == nil {
		l.broken = deny("import %q of %s names %s, which is not known", imp.Subject, acc.Address, w.name(imp.Account))
		return l
	}
	if l.exporter.invalid != "" {
		l.broken = deny("import %q of %s is from %s, which the server does not load: %s", imp.Subject, acc.Address, l.exporter.Address, l.exporter.invalid)
		return l
	}
	if !server.IsValidSubject(l.from) || !server.IsValidSubject(l.to) {
		l.broken = deny("import %q of %s has an invalid subject", imp.Subject, acc.Address)
		return l
	}
	l.how, l.broken = w.authorize(l, auth)
	if l.broken != nil {
		return l
	}
	if f := l.transform(); f != nil {
		l.broken = f
		return l
	}
	if w.mayCycle(l) {
		l.unsure = unknown("import %q of %s may close a cycle of imports, which the server breaks in the order it loads accounts", imp.Subject, acc.Address)
	}
	return l
}

// transform sets how a subject is rewritten across the import: kept when
// both sides are the same wildcard subject, moved wildcard by wildcard
// when they differ (in order, or as the local subject's $1... say), fixed
// when the far side is literal. l.from and l.to hold the local subject
// with its $ references written as the wildcards they stand for.
func (l *link) transform() *failure {
	remote, local := l.to, l.from
	if l.imp.Type == jwt.Stream {
		remote, local = l.from, l.to
	}
	plain := unreference(local)
	if l.imp.Type == jwt.Service {
		l.from = plain
	} else {
		l.to = plain
	}
	if !hasWildcard(remote) {
		return nil
	}
	if remote == local {
		l.usePub = true
		return nil
	}
	toLocal, toRemote := numberWildcards(local), numberWildcards(remote)
	if plain != local { // $ references: the local subject says the order
		toLocal, toRemote = local, reverseRefs(remote, local)
	}
	var fwd, back string // fwd: how a message crosses; back: the other way
	src, dst := plain, remote
	fwd, back = toRemote, toLocal
	if l.imp.Type == jwt.Stream {
		src, dst = remote, plain
		fwd, back = toLocal, toRemote
	}
	tr, err := server.NewSubjectTransformStrict(src, fwd)
	if err != nil {
		return deny("import %q of %s: the server cannot map %q to %q (%v)", l.imp.Subject, l.importer.Address, src, dst, err)
	}
	l.tr = tr
	if l.imp.Type == jwt.Stream {
		// The way back, for the subscriptions the server places in the
		// exporting account on behalf of the importer's (shadow.go).
		if l.back, err = server.NewSubjectTransform(dst, back); err != nil {
			return unknown("import %q of %s: cannot map %q back to %q (%v)", l.imp.Subject, l.importer.Address, dst, src, err)
		}
	}
	return nil
}

// unreference writes the $N tokens of s as the "*" they stand for.
func unreference(s string) string {
	t := tokens(s)
	for i, tok := range t {
		if isRef(tok) {
			t[i] = "*"
		}
	}
	return strings.Join(t, ".")
}

func isRef(tok string) bool {
	if len(tok) < 2 || tok[0] != '$' {
		return false
	}
	_, err := strconv.Atoi(tok[1:])
	return err == nil
}

// reverseRefs is the destination that maps local (with $N referring to
// remote's N-th "*") back to remote: remote's N-th "*" becomes $m, m the
// place of $N among local's references.
func reverseRefs(remote, local string) string {
	place := map[string]int{}
	for _, tok := range tokens(local) {
		if isRef(tok) {
			place[tok] = len(place) + 1
		}
	}
	t := tokens(remote)
	n := 0
	for i, tok := range t {
		if tok == "*" {
			n++
			t[i] = "$" + strconv.Itoa(place["$"+strconv.Itoa(n)])
		}
	}
	return strings.Join(t, ".")
}

// carry returns the subject a message on s (matching l.from) takes on
// the other side of the import.
func (l *link) carry(s string) string {
	switch {
	case l.tr != nil:
		return l.tr.TransformSubject(s)
	case l.usePub:
		return s
	}
	return l.to
}

// authorize finds the export covering subject and decides whether it
// lets l's importer in: public, the importer's key at the export's token
// position, or an activation token that verifies.
func (w *World) authorize(l *link, subject string) (string, *failure) {
	e, exact, f := exportFor(l.exporter, l.imp.Type, subject)
	if f != nil {
		return "", f
	}
	if e == nil {
		return "", deny("%s has no %s export containing %q", l.exporter.Address, l.imp.Type, subject)
	}
	l.export = e.Name
	l.exportKey = l.exporter.Address + " " + string(e.Subject)
	kind, desc := kindWord(e), fmt.Sprintf("export %s %q", exportAddr(l.exporter, e), e.Subject)
	if !e.TokenReq && e.AccountTokenPosition == 0 {
		l.via = "public export"
		return kind + ", public " + desc, nil
	}
	if pos := int(e.AccountTokenPosition); pos > 0 {
		t := tokens(subject)
		if exact || pos > len(t) || t[pos-1] != l.importer.Claims.Subject {
			return "", deny("%s: token %d of the import subject %q must be the key of %s", desc, pos, subject, l.importer.Address)
		}
		l.via = fmt.Sprintf("its key at token %d", pos)
		return fmt.Sprintf("%s, %s, token %d is the key of %s", kind, desc, pos, l.importer.Address), nil
	}
	why, f := w.activation(l, e)
	if f != nil {
		return "", f
	}
	l.via = "an activation token"
	if g, ok := w.grants[l.imp.Token]; ok {
		l.via = g
	}
	return kind + ", private " + desc + ", " + why, nil
}

// exportFor returns the export of acc that the server matches for an
// import of subject: one with exactly that subject, else a wildcard
// export containing it. Several wildcard exports that decide differently
// make the answer depend on the server's map order.
func exportFor(acc *Account, typ jwt.ExportType, subject string) (*jwt.Export, bool, *failure) {
	var hits []*jwt.Export
	for _, e := range acc.Claims.Exports {
		if e.Type != typ {
			continue
		}
		if string(e.Subject) == subject {
			return e, true, nil
		}
		if within(subject, string(e.Subject)) {
			hits = append(hits, e)
		}
	}
	if len(hits) == 0 {
		return nil, false, nil
	}
	for _, h := range hits[1:] {
		if h.TokenReq != hits[0].TokenReq || h.AccountTokenPosition != hits[0].AccountTokenPosition ||
			(h.TokenReq && fmt.Sprint(h.Revocations) != fmt.Sprint(hits[0].Revocations)) {
			return nil, false, unknown("several exports of %s contain %q and authorize differently: the server picks one in no fixed order", acc.Address, subject)
		}
	}
	return hits[0], false, nil
}

func kindWord(e *jwt.Export) string {
	if e.Type == jwt.Service {
		return "service"
	}
	return "stream"
}

// exportAddr names an export the way natsplan addresses it.
func exportAddr(acc *Account, e *jwt.Export) string {
	if e.Name == "" {
		return acc.Address
	}
	return acc.Address + "." + kindWord(e) + "." + e.Name
}

// label names the import in answers: its name, else its subject.
func (l *link) label() string {
	if l.imp.Name != "" {
		return l.imp.Name
	}
	return string(l.imp.Subject)
}

// numberWildcards writes the i-th "*" of s as "$i", the form a
// transform's destination takes.
func numberWildcards(s string) string {
	t := tokens(s)
	n := 0
	for i, tok := range t {
		if tok == "*" {
			n++
			t[i] = "$" + strconv.Itoa(n)
		}
	}
	return strings.Join(t, ".")
}
