package view

import (
	"strings"
	"testing"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// An action added after this renderer (a replacement, say) is named by
// its glyph and called out as security-relevant, never shown as a no-op.
func TestMarkdownUnknownAction(t *testing.T) {
	p := &planner.Plan{Changes: []*planner.Change{{Address: "account.A", Kind: state.KindAccount, Name: "A",
		Action: planner.Action('?'), Diff: []planner.AttrDiff{{Action: planner.Update, Key: "public_key", Before: "AOLD", After: "ANEW"}}}}}
	var b strings.Builder
	if err := PlanMarkdown(&b, p, 0, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"| **unknown action** | <code>account.A</code> |", "| <code>?</code> action ? :warning: | <code>account.A</code> |"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "no-op") {
		t.Errorf("an unknown action shows as a no-op:\n%s", out)
	}
}

// Every piece the limit may cut is counted; the head never is.
func TestMarkdownFitKeepsHead(t *testing.T) {
	d := &mdDoc{head: strings.Repeat("h", 500), table: "T\n", rows: []string{"r1\n", "r2\n"},
		details: []string{strings.Repeat("d", 300), "small\n"}}
	out := d.fit(200)
	if !strings.HasPrefix(out, d.head) {
		t.Fatal("the head was cut")
	}
	if !strings.Contains(out, "2 of 2 entity details and 2 of the table's rows were left out") {
		t.Errorf("note missing or wrong:\n%s", out[500:])
	}
	limit := len(d.fit(0)) - 1 // one byte too many: the note needs room, the large details go
	out = d.fit(limit)
	if len(out) > limit {
		t.Errorf("%d bytes, over the limit of %d", len(out), limit)
	}
	if !strings.Contains(out, "small") || strings.Contains(out, strings.Repeat("d", 300)) ||
		!strings.Contains(out, "1 of 2 entity details were left out") {
		t.Errorf("want the small details kept and the large one cut:\n%s", out[500:])
	}
}
