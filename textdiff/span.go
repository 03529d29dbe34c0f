package textdiff

import (
	"regexp"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// keep is how much of an unchanged run Span keeps on each side of a
// change: enough to see where in the value the change is.
const keep = 16

// Span shows, on one line, how b differs from a: removed text as
// [-text-], added text as {+text+}, the unchanged text between kept, and
// an unchanged run longer than twice keep cut to its ends around "…".
// For a long value of which a little changed (a description, a URL, a
// scoped role's template, a list of keys) this reads better than the two
// whole values. The diff is go-diff's, over words: a changed word shows
// whole, not as the letters that differ.
func Span(a, b string) string {
	diffs := diffWords(a, b)
	var sb strings.Builder
	for i, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			sb.WriteString("[-" + d.Text + "-]")
		case diffmatchpatch.DiffInsert:
			sb.WriteString("{+" + d.Text + "+}")
		default:
			sb.WriteString(trimEqual(d.Text, i == 0, i == len(diffs)-1))
		}
	}
	return sb.String()
}

// word is a run of letters and digits, or any other single character.
var word = regexp.MustCompile(`[\p{L}\p{N}_]+|.`)

// diffWords diffs a and b word by word: each distinct word becomes one
// rune, go-diff diffs the runes, and they are mapped back, as go-diff does
// for lines.
func diffWords(a, b string) []diffmatchpatch.Diff {
	ids := map[string]rune{}
	var words []string
	encode := func(s string) []rune {
		var out []rune
		for _, w := range word.FindAllString(s, -1) {
			id, ok := ids[w]
			if !ok {
				id = rune(len(words))
				ids[w] = id
				words = append(words, w)
			}
			out = append(out, id)
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(ra, rb, false)
	for i, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(words[r])
		}
		diffs[i].Text = sb.String()
	}
	return diffs
}

// trimEqual cuts an unchanged run to what is near a change: its end
// only when it comes first, its start only when it comes last, both ends
// otherwise.
func trimEqual(s string, first, last bool) string {
	r := []rune(s)
	switch {
	case first && last:
		return s
	case first && len(r) > keep:
		return "…" + string(r[len(r)-keep:])
	case last && len(r) > keep:
		return string(r[:keep]) + "…"
	case !first && !last && len(r) > 2*keep:
		return string(r[:keep]) + "…" + string(r[len(r)-keep:])
	}
	return s
}
