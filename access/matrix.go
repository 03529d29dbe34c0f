package access

import (
	"fmt"
	"sort"

	"github.com/nats-io/jwt/v2"
)

// Fact is one line of a World's access matrix, at the level a reviewer
// reads: a user connects, or can request a service of another account,
// or can subscribe to a stream of another account, through one import.
// Subjects are the imports' own, wildcards and all: a wildcard export is
// not expanded into its literals.
type Fact struct {
	User    string `json:"user"`
	Kind    string `json:"kind"`              // "connect", "request" or "subscribe"
	Subject string `json:"subject,omitempty"` // in the user's account
	Account string `json:"account,omitempty"` // the exporting account
	Export  string `json:"export,omitempty"`  // the export's name
	Through string `json:"through,omitempty"` // what authorizes it: public, a grant, a token position
	Unknown string `json:"unknown,omitempty"` // set when the analysis cannot decide
}

func (f Fact) key() string {
	return f.User + "\x00" + f.Kind + "\x00" + f.Subject + "\x00" + f.Account + "\x00" + f.Export
}

// String is the fact as a sentence, as the plan's Access changes print it.
func (f Fact) String() string {
	switch f.Kind {
	case "connect":
		return f.User + " can connect"
	case "request":
		return fmt.Sprintf("%s can request %q in %s (service %s, through %s)", f.User, f.Subject, f.Account, f.Export, f.Through)
	}
	return fmt.Sprintf("%s can subscribe to %q from %s (stream %s, through %s)", f.User, f.Subject, f.Account, f.Export, f.Through)
}

// Matrix returns what every user of w can reach through imports, sorted
// by user. A user that cannot connect has no facts.
func (w *World) Matrix() []Fact { return w.matrixOf(nil) }

// matrixOf is the matrix of the users of the accounts in only (nil: all).
func (w *World) matrixOf(only map[string]bool) []Fact {
	var out []Fact
	for _, a := range w.Accounts {
		if only != nil && !only[a.Address] {
			continue
		}
		for _, u := range a.Users {
			out = append(out, w.userFacts(u)...)
		}
	}
	// Each key made once: a first plan's matrix is a fact per user and
	// import, and a key per comparison was most of sorting it.
	keys := make([]string, len(out))
	idx := make([]int, len(out))
	for i, f := range out {
		keys[i], idx[i] = f.key(), i
	}
	sort.SliceStable(idx, func(i, j int) bool { return keys[idx[i]] < keys[idx[j]] })
	sorted := make([]Fact, len(out))
	for i, k := range idx {
		sorted[i] = out[k]
	}
	return sorted
}

// userFacts lists u's facts: it connects, and each installed import of
// its account it can use, as the queries answer it: for a service, a
// request on a subject of the import reaches the exporter and the reply
// comes back; for a stream, a subscription within the import's local
// subject gets a message the exporter publishes. The subjects tried are
// the import's with its wildcards filled by a token nothing names, and
// the literal subjects of the user's allow lists that lie within it.
func (w *World) userFacts(u *User) []Fact {
	p, f := w.admit(u)
	if f != nil {
		if f.unknown {
			return []Fact{{User: u.Address, Kind: "connect", Unknown: f.reason}}
		}
		return nil
	}
	out := []Fact{{User: u.Address, Kind: "connect"}}
	for _, typ := range []jwt.ExportType{jwt.Service, jwt.Stream} {
		for _, l := range w.links(u.Account, typ) {
			if l.broken != nil {
				continue
			}
			fact := Fact{User: u.Address, Kind: "request", Subject: l.from, Account: l.exporter.Address, Export: l.export, Through: l.via}
			var v Verdict
			var why string
			if typ == jwt.Service {
				v, why = w.canUseService(u, p, l)
			} else {
				fact.Kind, fact.Subject = "subscribe", l.to
				v, why = w.canUseStream(u, p, l)
			}
			switch v {
			case Allowed:
				out = append(out, fact)
			case Unknown:
				fact.Unknown = why
				out = append(out, fact)
			}
		}
	}
	return out
}

func (w *World) canUseService(u *User, p *perms, l *link) (Verdict, string) {
	best, why := Denied, ""
	for _, s := range append([]string{witness(l.from)}, literalsWithin(p.pubAllow, l.from)...) {
		a := w.Request(u, s, l.exporter)
		if rank(a.Verdict) > rank(best) {
			best, why = a.Verdict, a.Lines[len(a.Lines)-1]
		}
		if best == Allowed {
			break
		}
	}
	return best, why
}

func (w *World) canUseStream(u *User, p *perms, l *link) (Verdict, string) {
	best, why := Denied, ""
	for _, t := range append([]string{l.to}, subjectsWithin(p.subAllow, l.to)...) {
		pub := witness(l.from)
		if z, ok := shadowSubject(l, t); ok {
			pub = witness(z)
		}
		a := w.Receive(u, t, l.exporter, pub)
		if rank(a.Verdict) > rank(best) {
			best, why = a.Verdict, a.Lines[len(a.Lines)-1]
		}
		if best == Allowed {
			break
		}
	}
	return best, why
}

// literalsWithin returns the literal subjects of list that s matches.
func literalsWithin(list []string, s string) []string {
	var out []string
	for _, a := range list {
		if !hasWildcard(a) && sublistMatch(s, a) {
			out = append(out, a)
		}
	}
	return out
}

// subjectsWithin returns the subjects of list that lie within s.
func subjectsWithin(list []string, s string) []string {
	var out []string
	for _, a := range list {
		if a != s && within(a, s) {
			out = append(out, a)
		}
	}
	return out
}
