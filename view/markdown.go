package view

// The markdown plan is written for a pull-request comment: GitHub renders
// it, and the reviewer approves what it shows. So everything taken from
// the configuration is escaped where it lands (table cells, HTML, code
// fences): a description holding ``` or </details> must not be able to
// end its block and print a forged summary beneath it.

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/review"
)

// DefaultMarkdownLimit is the size the markdown plan keeps under unless
// told otherwise: GitHub refuses comments over 65,536 characters, and the
// margin leaves room for a header a CI job adds.
const DefaultMarkdownLimit = 60000

// PlanMarkdown writes p as GitHub-flavoured markdown for a pull-request
// comment: the summary, the security-relevant changes, a table of the
// changed entities and each entity's claims diff in a <details> block.
// The output stays under limit bytes (0: no limit) by leaving out
// per-entity details first, then table rows, and says how many it left
// out; the summary, the security section and the Access changes (acc,
// the plan's last section; nil: none) are never cut, so a plan whose
// security section alone is larger than limit is written whole.
func PlanMarkdown(out io.Writer, p *planner.Plan, limit int, acc *AccessChanges) error {
	w := bufio.NewWriter(out)
	doc := markdownPlan(p, acc)
	if _, err := io.WriteString(w, doc.fit(limit)); err != nil {
		return err
	}
	return w.Flush()
}

// mdDoc is the markdown plan in pieces, so that fit can leave some out.
type mdDoc struct {
	head    string   // title, summary, security section: never cut
	table   string   // the table's header row
	rows    []string // one per changed entity
	details []string // one per changed entity, security-relevant first
	tail    string   // moves and token files
	access  string   // the Access changes section: never cut
}

func markdownPlan(p *planner.Plan, acc *AccessChanges) *mdDoc {
	var head strings.Builder
	head.WriteString("### natsplan plan\n\n")
	head.WriteString("**" + mdText(Summary(p)) + "**\n")
	d := &mdDoc{}
	if p.Empty() {
		head.WriteString("\nThe configuration matches the state.\n")
		d.head = head.String()
		return d
	}
	findings := append(review.Findings(p), acc.findings()...)
	head.WriteString(securitySection(findings))
	head.WriteString(rotationMarkdown(p))
	d.head = head.String()
	marked := map[string]bool{}
	for _, f := range findings {
		marked[f.Address] = true
	}
	d.table = "\n### Changes\n\n| Action | Address | What |\n|---|---|---|\n"
	var first, rest []string
	for _, c := range p.Changes {
		d.rows = append(d.rows, tableRow(c, p, marked[c.Address]))
		if marked[c.Address] {
			first = append(first, detailsBlock(c, p))
		} else {
			rest = append(rest, detailsBlock(c, p))
		}
	}
	d.details = append(first, rest...)
	d.tail = markdownTail(p)
	d.access = acc.markdown()
	return d
}

// securitySection lists the findings, or says there are none: a reviewer
// should not have to wonder whether the section was cut.
func securitySection(findings []review.Finding) string {
	if len(findings) == 0 {
		return "\nNo security-relevant changes (keys, revocations, deletions, access, permissions, limits, expiry).\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n### :warning: Security-relevant changes (%d)\n\n", len(findings))
	b.WriteString("| Kind | Address | What |\n|---|---|---|\n")
	for _, f := range findings {
		fmt.Fprintf(&b, "| **%s** | %s | %s |\n", mdText(f.Kind), mdCode(f.Address), mdText(f.What))
	}
	return b.String()
}

// tableRow is one changed entity: its action, address and what happens,
// marked when it is in the security section.
func tableRow(c *planner.Change, p *planner.Plan, marked bool) string {
	action := mdCode(string(rune(c.Action))) + " " + mdText(actionWord(c.Action))
	if marked {
		action += " :warning:"
	}
	return fmt.Sprintf("| %s | %s | %s |\n", action, mdCode(c.Address), mdText(oneLine(c, p)))
}

// oneLine says what happens to an entity in a line: the text plan's
// headline, and for an update the attributes it changes.
func oneLine(c *planner.Change, p *planner.Plan) string {
	line := headline(c, p)
	if line == "" {
		line = "will change (" + actionWord(c.Action) + ")"
	}
	if c.Action != planner.Update || len(c.Diff) == 0 {
		return line
	}
	keys := make([]string, 0, len(c.Diff))
	for _, d := range c.Diff {
		keys = append(keys, d.Key)
	}
	if len(keys) > 6 {
		keys = append(keys[:5], fmt.Sprintf("and %d more", len(keys)-5))
	}
	return line + ": " + strings.Join(keys, ", ")
}

// actionWord names an action; one this code does not know (added
// later, such as a replacement) by its glyph, never as a no-op.
func actionWord(a planner.Action) string {
	if w := ActionName(a); w != "no-op" || a == planner.NoOp {
		return w
	}
	return "action " + string(rune(a))
}

func markdownTail(p *planner.Plan) string {
	var b strings.Builder
	for _, m := range p.Moves {
		fmt.Fprintf(&b, "- %s has moved to %s\n", mdCode(m.From), mdCode(m.To))
	}
	for _, f := range p.TokenFiles {
		fmt.Fprintf(&b, "- %s: token file %s will be written from the state (%s)\n",
			mdCode(f.Address), mdCode(f.Path), mdText(f.Reason))
	}
	if b.Len() == 0 {
		return ""
	}
	return "\n### Also\n\n" + b.String()
}
