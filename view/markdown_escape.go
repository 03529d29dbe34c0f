package view

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/natsplan/natsplan/planner"
)

// detailsBlock is one entity's claims diff, collapsed: the text plan's
// lines in a diff fence, glyphs moved to the first column so that GitHub
// colours them ('~' becomes '!', which diff highlighting marks changed).
func detailsBlock(c *planner.Change, p *planner.Plan) string {
	var buf bytes.Buffer
	change(&buf, palette{}, c, p)
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")[1:] // the headline is the summary
	for i, l := range lines {
		lines[i] = diffLine(l)
	}
	body := strings.Join(lines, "\n")
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	summary := html.EscapeString(oneLineHTML(string(rune(c.Action)) + " " + c.Address))
	return fmt.Sprintf("<details><summary><code>%s</code> %s</summary>\n\n%sdiff\n%s\n%s\n\n</details>\n\n",
		summary, html.EscapeString(oneLineHTML(headline(c, p))), fence, body, fence)
}

// diffLine moves a line's glyph to the first column.
func diffLine(l string) string {
	l = strings.TrimPrefix(l, "  ")
	trimmed := strings.TrimLeft(l, " ")
	if len(trimmed) >= 2 && trimmed[1] == ' ' && strings.ContainsRune("+-~", rune(trimmed[0])) {
		g := trimmed[0]
		if g == '~' {
			g = '!'
		}
		pad := len(l) - len(trimmed)
		return string(g) + strings.Repeat(" ", pad+1) + trimmed[2:]
	}
	if l != "" && l[0] != ' ' {
		return " " + l // a comment line: not read as an added or removed one
	}
	return l
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// oneLineHTML keeps a value on one line: a blank line would end the
// HTML block it stands in.
func oneLineHTML(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mdText escapes text for a table cell or a paragraph: the characters
// that start emphasis, links, HTML, entities, cell borders, emoji, math,
// mentions and issue links are backslash-escaped, which CommonMark reads
// as the character itself. Line starts are never a value's (cells and
// list items), so block markers need no escape.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range oneLineHTML(s) {
		if r < 0x80 && strings.ContainsRune("\\`*_[]<>|~&:$@#!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode is an address or path in code style, escaped as mdText.
func mdCode(s string) string { return "<code>" + mdText(s) + "</code>" }
