package lang

// NATS subjects are dot-separated tokens. "*" matches exactly one token and
// ">" (last token only) matches one or more. This file holds the syntax rules
// natsplan enforces on every subject in the configuration, the containment
// test used to check that grants and imports stay inside what an export
// offers, and jwt/v2's rules for an import's local (renaming) subject.
//
// The rules are deliberately a little stricter than jwt/v2's own checks
// (which only reject empty subjects, spaces and empty tokens): a wildcard
// that is not a whole token, such as "a*", is a literal to nats-server and
// almost always a mistake, so it is rejected here.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// subjectProblem returns why s is not a valid subject, as a phrase that
// completes "Subject "x" is not valid: ...", or "" when s is valid.
func subjectProblem(s string) string {
	if s == "" {
		return "it is empty"
	}
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return "it contains whitespace"
	}
	tokens := strings.Split(s, ".")
	for i, tok := range tokens {
		switch {
		case tok == "" && i == 0:
			return "it starts with a dot"
		case tok == "" && i == len(tokens)-1:
			return "it ends with a dot"
		case tok == "":
			return "it has an empty token (two dots in a row)"
		case tok == ">" && i != len(tokens)-1:
			return "the > wildcard may only be the last token"
		case tok != "*" && tok != ">" && strings.ContainsAny(tok, "*>"):
			return fmt.Sprintf("the wildcard in token %q must be a whole token (* or >)", tok)
		}
	}
	return ""
}

// validSubject reports whether s is a valid subject. Checks that compare
// two subjects use it to stay quiet when a subject was already reported as
// invalid, so one mistake yields one diagnostic.
func validSubject(s string) bool { return subjectProblem(s) == "" }

// subjectContains reports whether every subject matched by inner is also
// matched by outer. Both must be valid subjects. Token by token: a literal
// in outer needs the same literal in inner, "*" in outer accepts a literal
// or "*" (not ">", which may span several tokens), and ">" in outer accepts
// whatever remains of inner, which must have at least one more token.
func subjectContains(outer, inner string) bool {
	out := strings.Split(outer, ".")
	in := strings.Split(inner, ".")
	for i, tok := range out {
		if i >= len(in) {
			return false
		}
		switch tok {
		case ">":
			return true
		case "*":
			if in[i] == ">" {
				return false
			}
		default:
			if in[i] != tok {
				return false
			}
		}
	}
	return len(in) == len(out)
}

// endsWithFullWildcard reports whether s ends in the ">" wildcard.
func endsWithFullWildcard(s string) bool {
	return s == ">" || strings.HasSuffix(s, ".>")
}

// countTokenWildcards returns the number of "*" tokens in s.
func countTokenWildcards(s string) int {
	n := 0
	for _, tok := range strings.Split(s, ".") {
		if tok == "*" {
			n++
		}
	}
	return n
}

// wildcardRef returns N for a "$N" token, the way jwt/v2 reads it.
func wildcardRef(tok string) (int, bool) {
	if len(tok) < 2 || tok[0] != '$' {
		return 0, false
	}
	n, err := strconv.Atoi(tok[1:])
	return n, err == nil
}

// localSubjectProblems returns why local cannot rename remote, following
// jwt/v2's RenamingSubject.Validate: both end in ">" or neither, and every
// "*" of remote is matched by either a "*" or a "$N" reference in local.
// References count from $1; jwt/v2 accepts $0 and negative numbers, which
// nats-server cannot map, so they are rejected here. Both subjects must be
// syntactically valid already.
func localSubjectProblems(local, remote string) []string {
	var probs []string
	if endsWithFullWildcard(local) != endsWithFullWildcard(remote) {
		probs = append(probs, fmt.Sprintf(
			"Local subject %q and subject %q must both end in > or neither may.", local, remote))
	}
	want := countTokenWildcards(remote)
	got := 0
	for _, tok := range strings.Split(local, ".") {
		if tok == "*" {
			got++
			continue
		}
		n, ok := wildcardRef(tok)
		if !ok {
			continue
		}
		if n < 1 || n > want {
			probs = append(probs, fmt.Sprintf(
				"Reference %s in local subject %q points to a * wildcard that subject %q does not have; it has %d, referenced as $1 to $%d.",
				tok, local, remote, want, want))
			continue
		}
		got++
	}
	if got != want {
		probs = append(probs, fmt.Sprintf(
			"Subject %q has %d * wildcard(s), but local subject %q accounts for %d. Each * of the subject needs a * or a $N reference in the local subject.",
			remote, want, local, got))
	}
	return probs
}

// subjectTokens splits a subject into its tokens.
func subjectTokens(s string) []string { return strings.Split(s, ".") }

// hasWildcard reports whether a subject has a * or > token.
func hasWildcard(s string) bool {
	for _, tok := range subjectTokens(s) {
		if tok == "*" || tok == ">" {
			return true
		}
	}
	return false
}

// subjectsOverlap reports whether some subject matches both a and b, which
// must be valid subjects.
func subjectsOverlap(a, b string) bool {
	ta, tb := subjectTokens(a), subjectTokens(b)
	for i := 0; i < len(ta) && i < len(tb); i++ {
		x, y := ta[i], tb[i]
		switch {
		case x == ">" || y == ">":
			return true
		case x == "*" || y == "*" || x == y:
		default:
			return false
		}
	}
	return len(ta) == len(tb)
}
