package view

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// table is a box-drawn table in the style of `nsc describe`: a title row,
// then sections of rows, each row a list of cells.
type table struct {
	title    string
	header   []string
	sections [][][]string
}

func (t *table) section(rows ...[]string) { t.sections = append(t.sections, rows) }

func (t *table) widths() []int {
	n := len(t.header)
	for _, s := range t.sections {
		for _, r := range s {
			n = max(n, len(r))
		}
	}
	w := make([]int, n)
	measure := func(r []string) {
		for i, c := range r {
			w[i] = max(w[i], utf8.RuneCountInString(c))
		}
	}
	measure(t.header)
	for _, s := range t.sections {
		for _, r := range s {
			measure(r)
		}
	}
	total := len(w)*3 - 1
	for _, x := range w {
		total += x
	}
	if extra := utf8.RuneCountInString(t.title) + 2 - total; extra > 0 {
		w[len(w)-1] += extra
	}
	return w
}

func (t *table) write(out io.Writer) {
	w := t.widths()
	inner := len(w)*3 - 1
	for _, x := range w {
		inner += x
	}
	fmt.Fprintf(out, "╭%s╮\n", strings.Repeat("─", inner))
	fmt.Fprintf(out, "│%s│\n", center(t.title, inner))
	rule := func(l, m, r string) {
		parts := make([]string, len(w))
		for i, x := range w {
			parts[i] = strings.Repeat("─", x+2)
		}
		fmt.Fprintf(out, "%s%s%s\n", l, strings.Join(parts, m), r)
	}
	rule("├", "┬", "┤")
	if t.header != nil {
		row(out, w, t.header)
		rule("├", "┼", "┤")
	}
	for i, s := range t.sections {
		if i > 0 {
			rule("├", "┼", "┤")
		}
		for _, r := range s {
			row(out, w, r)
		}
	}
	rule("╰", "┴", "╯")
}

func row(out io.Writer, w []int, cells []string) {
	var b strings.Builder
	b.WriteString("│")
	for i := range w {
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		b.WriteString(" " + c + strings.Repeat(" ", w[i]-utf8.RuneCountInString(c)) + " │")
	}
	fmt.Fprintln(out, b.String())
}

func center(s string, width int) string {
	n := utf8.RuneCountInString(s)
	left := (width - n) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", width-n-left)
}
