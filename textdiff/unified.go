package textdiff

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// line is one line of either text, with what happened to it.
type line struct {
	op   diffmatchpatch.Operation
	text string // with its "\n", unless it is a last line without one
}

// Unified returns the unified diff from a to b, with context lines of
// context around each change and the headers "--- aName" and
// "+++ bName"; "" when a and b are equal. patch(1) applies it.
func Unified(aName, bName, a, b string, context int) string {
	if a == b {
		return ""
	}
	lines := diffLines(a, b)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", aName, bName)
	for _, h := range hunks(lines, context) {
		writeHunk(&sb, lines, h)
	}
	return sb.String()
}

// diffLines diffs a and b line by line: go-diff maps each distinct line
// to one rune, diffs the runes, and maps them back.
func diffLines(a, b string) []line {
	dmp := diffmatchpatch.New()
	ra, rb, table := dmp.DiffLinesToRunes(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), table)
	var out []line
	for _, d := range diffs {
		for _, t := range strings.SplitAfter(d.Text, "\n") {
			if t != "" {
				out = append(out, line{op: d.Type, text: t})
			}
		}
	}
	return out
}

// span is a hunk: lines[from:to].
type span struct{ from, to int }

// hunks groups the changed lines with context around them; changes
// closer than two contexts share a hunk, as diff -u does.
func hunks(lines []line, context int) []span {
	var out []span
	for i, l := range lines {
		if l.op == diffmatchpatch.DiffEqual {
			continue
		}
		from, to := max(0, i-context), min(len(lines), i+context+1)
		if n := len(out); n > 0 && from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, to)
			continue
		}
		out = append(out, span{from, to})
	}
	return out
}

func writeHunk(sb *strings.Builder, lines []line, h span) {
	aStart, bStart := 1, 1
	for _, l := range lines[:h.from] {
		aStart, bStart = advance(l, aStart, bStart)
	}
	aEnd, bEnd := aStart, bStart
	for _, l := range lines[h.from:h.to] {
		aEnd, bEnd = advance(l, aEnd, bEnd)
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", rangeOf(aStart, aEnd-aStart), rangeOf(bStart, bEnd-bStart))
	for _, l := range lines[h.from:h.to] {
		sb.WriteString(map[diffmatchpatch.Operation]string{diffmatchpatch.DiffEqual: " ",
			diffmatchpatch.DiffDelete: "-", diffmatchpatch.DiffInsert: "+"}[l.op])
		sb.WriteString(l.text)
		if !strings.HasSuffix(l.text, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// advance counts l in the line numbers of a and b.
func advance(l line, a, b int) (int, int) {
	if l.op != diffmatchpatch.DiffInsert {
		a++
	}
	if l.op != diffmatchpatch.DiffDelete {
		b++
	}
	return a, b
}

// rangeOf is a hunk range: "start,count", where an empty range starts at
// the line before it, as diff -u writes it.
func rangeOf(start, count int) string {
	if count == 0 {
		start--
	}
	if count == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}
