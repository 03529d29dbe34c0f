package access

import (
	"strings"

	"github.com/nats-io/nats-server/v2/server"
)

// The two ways nats-server compares subjects, which differ in what a
// wildcard inside the subject being tested means.

func tokens(s string) []string { return strings.Split(s, ".") }

// sublistMatch reports whether pattern p matches subject s the way a
// server sublist does: s's tokens are taken literally, so "a.*" matches
// "a.>" (the token ">" is one token) but "a.b" does not match "a.*".
// Permission lists and subscriptions are sublists.
func sublistMatch(p, s string) bool {
	pt, st := tokens(p), tokens(s)
	for i, t := range pt {
		if t == ">" {
			return len(st) > i
		}
		if i >= len(st) {
			return false
		}
		if t != "*" && t != st[i] {
			return false
		}
	}
	return len(pt) == len(st)
}

// within reports whether every subject s matches is also matched by p
// (s is a subset of p), as the server decides it for imports, exports
// and mappings.
func within(s, p string) bool {
	st, pt := tokens(s), tokens(p)
	for i, t := range pt {
		if i >= len(st) {
			return false
		}
		if t == ">" {
			return true
		}
		u := st[i]
		if u == ">" {
			return false
		}
		if u == "*" {
			if t != "*" {
				return false
			}
			continue
		}
		if t != "*" && t != u {
			return false
		}
	}
	return len(st) == len(pt)
}

func hasWildcard(s string) bool {
	for _, t := range tokens(s) {
		if t == "*" || t == ">" {
			return true
		}
	}
	return false
}

// anyMatch returns the first pattern of list that matches s as a sublist
// does, or "".
func anyMatch(list []string, s string) (string, bool) {
	for _, p := range list {
		if sublistMatch(p, s) {
			return p, true
		}
	}
	return "", false
}

// collide reports whether some literal subject matches both a and b.
func collide(a, b string) bool { return server.SubjectsCollide(a, b) }
