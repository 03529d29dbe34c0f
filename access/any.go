package access

import (
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"
)

// anyToken stands for "any token" in the subjects ReceiveAny tries: a
// valid token no permission or mapping names by chance.
const anyToken = "<any>"

// ReceiveAny answers whether some message published by a client of
// account from reaches u subscribed on t. It tries the subjects the
// answer can turn on: t itself, the subjects of the stream imports of
// u's account from that account (both sides), of from's service imports
// and of its mappings, with each wildcard filled by a token nothing
// names. Allowed is exact (it names the subject that gets through);
// Denied holds for the subjects tried, which cover every rule that
// names subjects; ask Receive for one subject exactly.
func (w *World) ReceiveAny(u *User, t string, from *Account) Answer {
	var best Answer
	for _, s := range w.Candidates(u, t, from) {
		a := w.Receive(u, t, from, s)
		if rank(a.Verdict) > rank(best.Verdict) {
			best = a
		}
		if a.Verdict == Allowed {
			break
		}
	}
	return best
}

// Candidates are the subjects ReceiveAny tries for a subscription on t
// of u to messages from account from.
func (w *World) Candidates(u *User, t string, from *Account) []string {
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" {
			seen[witness(s)] = true
		}
	}
	add(t)
	for _, l := range w.links(u.Account, jwt.Stream) {
		if l.exporter == from {
			add(l.from)
			if z, ok := shadowSubject(l, t); ok && l.broken == nil {
				add(z)
			}
		}
	}
	for _, imp := range from.Claims.Imports {
		if imp.Type == jwt.Service {
			add(importSubjects(imp).from)
		}
	}
	for src := range from.Claims.Mappings {
		add(string(src))
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// witness fills the wildcards of s with anyToken.
func witness(s string) string {
	t := tokens(s)
	for i, tok := range t {
		if tok == "*" || tok == ">" {
			t[i] = anyToken
		}
	}
	return strings.Join(t, ".")
}
