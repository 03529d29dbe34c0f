package access

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Change is a fact that a change of claims opens (+) or closes (-).
type Change struct {
	Op   byte   `json:"-"`
	Fact Fact   `json:"fact"`
	Why  string `json:"why,omitempty"` // for a user that can no longer connect
	Kind string `json:"change"`        // "opens" or "closes"
}

// String is the change as the plan prints it.
func (c Change) String() string {
	var line string
	switch {
	case c.Op == '-' && c.Fact.Kind == "connect":
		line = fmt.Sprintf("- %s can no longer connect (%s)", c.Fact.User, c.Why)
	case c.Op == '-':
		line = "- " + strings.Replace(c.Fact.String(), " can ", " can no longer ", 1)
	default:
		line = "+ " + c.Fact.String()
	}
	if c.Fact.Unknown != "" {
		// The analysis could not decide: say so rather than state it as fact.
		line += " (unknown: " + c.Fact.Unknown + ")"
	}
	return line
}

// Changes compares the access matrices of two worlds (the state's and the
// plan's): what the change opens and what it closes. It is computed from
// the claims on both sides, so it does not depend on how the change was
// written. A user that can no longer connect is one line, not one per
// import it loses.
//
// A user the change destroys keeps its JWT: its creds work for as long as
// its account does not revoke it. So the after side keeps such users with
// their old claims, and the change closes their access only when the
// account revokes them or is itself gone.
func Changes(before, after *World) []Change {
	after, ghosts := withGhosts(before, after)
	return changesIn(before, after, ghosts, affected(before, after))
}

// changesIn compares the facts of the users of the touched accounts
// (after holding the ghosts of destroyed users).
func changesIn(before, after *World, ghosts, touched map[string]bool) []Change {
	bf, af := index(before.matrixOf(touched)), index(after.matrixOf(touched))
	gone := map[string]bool{} // users that no longer connect
	var out []Change
	for k, f := range bf {
		if _, ok := af[k]; ok {
			continue
		}
		if f.Kind == "connect" {
			gone[f.User] = true
			out = append(out, Change{Op: '-', Kind: "closes", Fact: f, Why: whyNot(after, ghosts, f.User)})
		}
	}
	for k, f := range bf {
		if _, ok := af[k]; !ok && f.Kind != "connect" && !gone[f.User] {
			out = append(out, Change{Op: '-', Kind: "closes", Fact: f})
		}
	}
	for k, f := range af {
		if _, ok := bf[k]; !ok {
			out = append(out, Change{Op: '+', Kind: "opens", Fact: f})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Fact.User != out[j].Fact.User {
			return out[i].Fact.User < out[j].Fact.User
		}
		return out[i].Fact.key()+string(out[i].Op) < out[j].Fact.key()+string(out[j].Op)
	})
	return out
}

func index(facts []Fact) map[string]Fact {
	m := make(map[string]Fact, len(facts))
	for _, f := range facts {
		m[f.key()] = f
	}
	return m
}

// whyNot says why the user at addr, which connected before, does not
// connect in after (ghosts: the users after holds only as destroyed).
func whyNot(after *World, ghosts map[string]bool, addr string) string {
	u := after.User(addr)
	if u == nil {
		return "user destroyed with its account"
	}
	_, f := after.connect(u)
	switch {
	case f == nil:
		return "its permissions changed"
	case ghosts[addr] && revoked(u.Account.Claims.Revocations, u.Claims.Subject, u.Claims.IssuedAt):
		return "user destroyed and revoked"
	}
	return f.reason
}

// withGhosts returns after with the users of before that it no longer
// holds added back, with their old claims, to the accounts still there.
func withGhosts(before, after *World) (*World, map[string]bool) {
	ghosts := map[string]bool{}
	accounts := make([]*Account, 0, len(after.Accounts))
	for _, a := range after.Accounts {
		na := &Account{Address: a.Address, Claims: a.Claims}
		for _, u := range a.Users {
			na.Users = append(na.Users, &User{Address: u.Address, Claims: u.Claims})
		}
		if old := before.Account(a.Address); old != nil {
			for _, u := range old.Users {
				if after.User(u.Address) == nil {
					ghosts[u.Address] = true
					na.Users = append(na.Users, &User{Address: u.Address, Claims: u.Claims})
				}
			}
		}
		accounts = append(accounts, na)
	}
	w := New(after.Operator, accounts, after.Now)
	w.grants, w.acts, w.load = after.grants, after.acts, after.load
	return w, ghosts
}

// WriteChanges prints the changes under the heading the plan uses, or
// nothing when there are none.
func WriteChanges(out io.Writer, changes []Change) {
	if len(changes) == 0 {
		return
	}
	fmt.Fprintln(out, "Access changes:")
	for _, c := range changes {
		fmt.Fprintln(out, "  "+c.String())
	}
}

// affected returns the accounts whose users' access may differ between
// the two worlds: those whose claims or users' claims differ, and those
// importing from them, two steps out (a fact is about reaching an
// import's exporter, which an exporter's own imports do not change; the
// second step covers the cycle search, which looks further). The users
// of every other account keep their access, which is not computed: a
// one-line change costs what it touches.
func affected(before, after *World) map[string]bool {
	out := map[string]bool{}
	for _, w := range []*World{before, after} {
		other := after
		if w == after {
			other = before
		}
		for _, a := range w.Accounts {
			if o := other.Account(a.Address); o == nil || fingerprint(a) != fingerprint(o) {
				out[a.Address] = true
			}
		}
	}
	importers := map[string][]string{} // exporter address -> importer addresses
	for _, w := range []*World{before, after} {
		for _, a := range w.Accounts {
			for _, imp := range a.Claims.Imports {
				if e := w.byKey[imp.Account]; e != nil {
					importers[e.Address] = append(importers[e.Address], a.Address)
				}
			}
		}
	}
	frontier := make([]string, 0, len(out))
	for a := range out {
		frontier = append(frontier, a)
	}
	for step := 0; step < 2; step++ {
		var next []string
		for _, a := range frontier {
			for _, i := range importers[a] {
				if !out[i] {
					out[i] = true
					next = append(next, i)
				}
			}
		}
		frontier = next
	}
	return out
}

// fingerprint is an account's claims and its users' claims, compared as
// JSON: claims from a state and from a plan are different values.
func fingerprint(a *Account) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.Encode(a.Claims)
	for _, u := range a.Users {
		b.WriteString(u.Address)
		enc.Encode(u.Claims)
	}
	return b.String()
}
