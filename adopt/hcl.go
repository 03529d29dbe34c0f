package adopt

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/natsplan/natsplan/lang"
)

// block is one block of the configuration being written. The tree is
// rendered as text and then formatted the way `natsplan fmt` formats.
type block struct {
	typ      string
	label    string // "" for blocks without a label
	comments []string
	attrs    [][2]string // name, expression
	blocks   []*block
}

func newBlock(typ, label string) *block { return &block{typ: typ, label: label} }

func (b *block) attr(name, expr string) { b.attrs = append(b.attrs, [2]string{name, expr}) }

func (b *block) add(c *block) *block { b.blocks = append(b.blocks, c); return c }

func (b *block) comment(format string, args ...any) {
	b.comments = append(b.comments, fmt.Sprintf(format, args...))
}

func (b *block) empty() bool { return len(b.attrs) == 0 && len(b.blocks) == 0 }

// render writes the block at the given depth.
func (b *block) render(sb *strings.Builder, depth int) {
	indent := strings.Repeat("  ", depth)
	for _, c := range b.comments {
		sb.WriteString(indent + "# " + c + "\n")
	}
	head := indent + b.typ
	if b.label != "" {
		head += " " + quote(b.label)
	}
	if b.empty() {
		sb.WriteString(head + " {}\n")
		return
	}
	sb.WriteString(head + " {\n")
	for _, a := range b.attrs {
		sb.WriteString(indent + "  " + a[0] + " = " + a[1] + "\n")
	}
	for i, c := range b.blocks {
		// One-line blocks of a kind stay together: a column of users.
		together := i > 0 && c.empty() && b.blocks[i-1].empty() && c.typ == b.blocks[i-1].typ && len(c.comments) == 0
		if (i > 0 || len(b.attrs) > 0) && !together {
			sb.WriteString("\n")
		}
		c.render(sb, depth+1)
	}
	sb.WriteString(indent + "}\n")
}

// renderFile renders top-level blocks, a blank line between each.
func renderFile(header []string, blocks []*block) []byte {
	var sb strings.Builder
	for _, h := range header {
		sb.WriteString("# " + h + "\n")
	}
	for _, b := range blocks {
		sb.WriteString("\n")
		b.render(&sb, 0)
	}
	return lang.Format([]byte(sb.String()))
}

// quote is s as an HCL string literal: escaped, and with "${" and "%{"
// doubled so that no template sequence starts in it.
func quote(s string) string { return `"` + escape(s) + `"` }

func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, c)
		case (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{':
			b.WriteByte(c)
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// list is a list of strings, sorted as the language sorts them.
func list(items []string) string {
	s := append([]string(nil), items...)
	sort.Strings(s)
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = quote(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func num(n int64) string { return strconv.FormatInt(n, 10) }

// size writes a byte count in the largest unit it is a whole number of,
// as nsc's flags take it ("1G", "1MiB"); others as plain numbers.
func size(n int64) string {
	if n <= 0 {
		return num(n)
	}
	best := num(n)
	for _, u := range []struct {
		name string
		f    int64
	}{{"K", 1e3}, {"KiB", 1 << 10}, {"M", 1e6}, {"MiB", 1 << 20}, {"G", 1e9}, {"GiB", 1 << 30}, {"T", 1e12}, {"TiB", 1 << 40}} {
		if n%u.f == 0 {
			c := quote(num(n/u.f) + u.name)
			if len(c) < len(best) || best[0] != '"' {
				best = c
			}
		}
	}
	return best
}

func duration(d time.Duration) string { return quote(d.String()) }

func stamp(unix int64) string { return quote(time.Unix(unix, 0).UTC().Format(time.RFC3339)) }
