package access

import "strings"

// A stream import reaches a subscriber through a "shadow" subscription
// the server places in the exporting account when the subscriber
// subscribes. Its subject is derived from the subscription's and the
// import's local subject in four ways (server/client.go,
// addShadowSubscriptions); shadowSubject restates them.

// shadowSubject returns the subject of the shadow subscription that l
// gives a subscription on t, or false when l gives it none.
func shadowSubject(l *link, t string) (string, bool) {
	if t == l.to {
		return l.from, true // exact: the import's own subject
	}
	if within(t, l.to) {
		return l.shadowOf(t, ""), true // narrower: t carried back
	}
	if !hasWildcard(t) {
		return "", false
	}
	if within(l.to, t) {
		return l.from, true // wider: the import's own subject
	}
	if o, ok := overlap(t, l.to); ok {
		return l.shadowOf(t, o), true
	}
	return "", false
}

// shadowOf is the subject for a subscription on t narrower than the
// import (o: the overlap of t and the import, when t only overlaps it).
func (l *link) shadowOf(t, o string) string {
	switch {
	case !l.usePub && l.back != nil:
		if o != "" {
			t = o
		}
		return l.back.TransformSubject(t)
	case o != "":
		return o
	case !l.usePub:
		return l.from
	}
	return t
}

// overlap narrows the wildcard subscription t with the import's local
// subject to: its '*' take to's tokens (unless to has '>' there), and a
// final '>' takes to's remaining tokens. It is an overlap when the
// result lies within to.
func overlap(t, to string) (string, bool) {
	tt, it := tokens(t), tokens(to)
	for i := range tt {
		if i >= len(it) {
			break
		}
		if tt[i] == "*" && it[i] != ">" {
			tt[i] = it[i]
		}
	}
	if last := len(tt) - 1; tt[last] == ">" && len(it) >= len(tt) {
		tt[last] = it[last]
		tt = append(tt, it[len(tt):]...)
	}
	o := strings.Join(tt, ".")
	return o, within(o, to)
}
