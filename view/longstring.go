package view

import (
	"strconv"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/textdiff"
)

// longString is the length from which a changed string value shows as
// the span that changed (textdiff.Span) rather than as both values: a
// description, an info URL, a template or a key list of that length
// hides a one-word change when printed twice in full.
const longString = 48

// changedSpan returns, for an updated string value at least longString
// long on either side of which a small part changed, the change as one
// quoted value with [-removed-] and {+added+} marks; ok is false for any
// other line.
func changedSpan(d planner.AttrDiff) (string, bool) {
	if d.Action != planner.Update || (len(d.Before) < longString && len(d.After) < longString) {
		return "", false
	}
	before, err1 := strconv.Unquote(d.Before)
	after, err2 := strconv.Unquote(d.After)
	if err1 != nil || err2 != nil {
		return "", false
	}
	span := textdiff.Span(before, after)
	if 3*len(span) > 2*(len(before)+len(after)) {
		return "", false // most of it changed: both values say more
	}
	return strconv.Quote(span), true
}
