package textdiff

import (
	"fmt"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestUnifiedFormat pins the layout of one small diff: headers, the hunk
// range, three lines of context, and the order - before +.
func TestUnifiedFormat(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\n"
	b := "a\nb\nc\nd\nE\nf\ng\nh\n"
	want := "--- x\n+++ y\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
	if got := Unified("x", "y", a, b, 3); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := Unified("x", "y", a, a, 3); got != "" {
		t.Fatalf("equal texts: got %q", got)
	}
}

// TestUnifiedApplies applies the diff of random texts to the first and
// expects the second, with the context of every hunk found in the first
// where the hunk header says: the diff is one patch(1) would take.
func TestUnifiedApplies(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	text := func() string {
		var sb strings.Builder
		for range r.Intn(30) {
			fmt.Fprintf(&sb, "line %d\n", r.Intn(8))
		}
		s := sb.String()
		if r.Intn(4) == 0 {
			s = strings.TrimSuffix(s, "\n") // no newline at the end
		}
		return s
	}
	for i := range 2000 {
		a, b := text(), text()
		d := Unified("a", "b", a, b, 1+i%4)
		got, err := apply(a, d)
		if err != nil || got != b {
			t.Fatalf("case %d: %v\na=%q\nb=%q\ndiff:\n%s\napplied=%q", i, err, a, b, d, got)
		}
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// apply is a strict patch: every context and removed line must be the
// line of a at that place, and the hunk counts must match.
func apply(a, diff string) (string, error) {
	if diff == "" {
		return a, nil
	}
	old := strings.SplitAfter(a, "\n")
	if old[len(old)-1] == "" {
		old = old[:len(old)-1]
	}
	lines := strings.SplitAfter(diff, "\n")
	if !strings.HasPrefix(lines[0], "--- a") || !strings.HasPrefix(lines[1], "+++ b") {
		return "", fmt.Errorf("headers %q %q", lines[0], lines[1])
	}
	var out []string
	pos := 0 // next line of old not yet copied
	var last *string
	for _, l := range lines[2:] {
		switch {
		case l == "":
		case strings.HasPrefix(l, "@@"):
			m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(l, "\n"))
			if m == nil {
				return "", fmt.Errorf("bad header %q", l)
			}
			start, _ := strconv.Atoi(m[1])
			if m[2] != "0" {
				start-- // 1-based, except an empty range names the line before
			}
			if start < pos {
				return "", fmt.Errorf("hunk %q overlaps", l)
			}
			out, pos = append(out, old[pos:start]...), start
		case l == "\\ No newline at end of file\n":
			*last = strings.TrimSuffix(*last, "\n")
		case l[0] == ' ' || l[0] == '-':
			if pos >= len(old) || strings.TrimSuffix(old[pos], "\n") != strings.TrimSuffix(l[1:], "\n") {
				return "", fmt.Errorf("line %d of a is not %q", pos+1, l)
			}
			if l[0] == ' ' {
				out = append(out, l[1:])
				last = &out[len(out)-1]
			} else {
				s := ""
				last = &s
			}
			pos++
		case l[0] == '+':
			out = append(out, l[1:])
			last = &out[len(out)-1]
		default:
			return "", fmt.Errorf("bad line %q", l)
		}
	}
	return strings.Join(append(out, old[pos:]...), ""), nil
}
