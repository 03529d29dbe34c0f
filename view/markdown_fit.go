package view

import (
	"fmt"
	"strings"
)

// fit joins the pieces, leaving out per-entity details and then table
// rows, in that order, until the whole is at most limit bytes (0: no
// limit). Bytes, not characters: a byte count is never below the
// character count GitHub limits.
func (d *mdDoc) fit(limit int) string {
	if limit <= 0 {
		limit = int(^uint(0) >> 1)
	}
	var b strings.Builder
	b.WriteString(d.head)
	if len(d.rows) == 0 {
		writeSection(&b, d.access)
		return b.String()
	}
	budget := limit - len(d.head) - len(d.access) - len(d.tail) - len(d.table) - len("\n### Details\n\n")
	if d.size() > limit-len(d.head)-len(d.access) {
		// Room for the note, with the largest counts it can say.
		budget -= len(cutNote(len(d.details), len(d.details), len(d.rows), limit))
	}
	rows, cutRows := pick(d.rows, &budget, true)
	details, cutDetails := pick(d.details, &budget, false)
	b.WriteString(d.table)
	for _, r := range rows {
		b.WriteString(r)
	}
	b.WriteString(d.tail)
	if len(details) > 0 {
		b.WriteString("\n### Details\n\n")
		for _, x := range details {
			b.WriteString(x)
		}
	}
	writeSection(&b, d.access)
	if cutRows+cutDetails > 0 {
		b.WriteString(cutNote(cutDetails, len(d.details), cutRows, limit))
	}
	return b.String()
}

// size is the length of everything but the head.
func (d *mdDoc) size() int {
	n := len(d.table) + len(d.tail) + len("\n### Details\n\n")
	for _, r := range d.rows {
		n += len(r)
	}
	for _, x := range d.details {
		n += len(x)
	}
	return n
}

// pick takes pieces in order while they fit the budget. Rows stop at the
// first that does not fit, so the table is a prefix of the plan; details
// skip a large one and go on, so that small ones still show.
func pick(pieces []string, budget *int, prefix bool) (kept []string, cut int) {
	for i, p := range pieces {
		if len(p) > *budget {
			if prefix {
				return kept, len(pieces) - i
			}
			cut++
			continue
		}
		*budget -= len(p)
		kept = append(kept, p)
	}
	return kept, cut
}

func cutNote(details, of, rows, limit int) string {
	what := fmt.Sprintf("%d of %d entity details", details, of)
	if rows > 0 {
		what += fmt.Sprintf(" and %d of the table's rows", rows)
	}
	return fmt.Sprintf("\n> [!NOTE]\n> %s were left out to keep this comment under %d characters. "+
		"The job log has the whole plan; to see it all, run `natsplan show PLANFILE` on the saved plan, "+
		"or `natsplan plan -markdown -markdown-limit=0`.\n", what, limit)
}

// writeSection appends a section that starts with a blank line, without
// a second one after a block that already ends with one.
func writeSection(b *strings.Builder, section string) {
	if strings.HasSuffix(b.String(), "\n\n") {
		section = strings.TrimPrefix(section, "\n")
	}
	b.WriteString(section)
}
