package view

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// Plan writes a plan the way a reviewer reads it: one commented header per
// entity, its claims-level changes, reasons for cascades, and a summary.
func Plan(out io.Writer, p *planner.Plan, color bool) {
	// Buffered: a fleet's first plan is hundreds of thousands of lines,
	// and a write to the terminal per line was most of printing it.
	w := bufio.NewWriter(out)
	defer w.Flush()
	pal := palette{on: color}
	if p.Empty() {
		fmt.Fprintln(w, pal.paint(bold, "No changes.")+" The configuration matches the state.")
		return
	}
	fmt.Fprintln(w, "natsplan will perform the following actions:")
	for _, m := range p.Moves {
		fmt.Fprintf(w, "\n  # %s has moved to %s\n", m.From, m.To)
	}
	for _, c := range p.Changes {
		fmt.Fprintln(w)
		change(w, pal, c, p)
	}
	for _, f := range p.TokenFiles {
		fmt.Fprintf(w, "\n  # %s: token file %s will be written from the state (%s)\n", f.Address, f.Path, f.Reason)
	}
	fmt.Fprint(w, rotationText(p))
	fmt.Fprintln(w)
	fmt.Fprintln(w, pal.paint(bold, Summary(p)))
}

// Summary is the last line of a plan.
func Summary(p *planner.Plan) string {
	if p.Empty() {
		return "No changes."
	}
	add, change, destroy := p.Counts()
	line := fmt.Sprintf("Plan: %d to add, %d to change, %d to destroy", add, change, destroy)
	switch n := p.TokenFileCount(); n {
	case 0:
	case 1:
		line += "; 1 token file to write"
	default:
		line += fmt.Sprintf("; %d token files to write", n)
	}
	return line + "."
}

func change(w io.Writer, pal palette, c *planner.Change, p *planner.Plan) {
	fmt.Fprintf(w, "  # %s %s\n", c.Address, headline(c, p))
	for _, r := range c.Reasons {
		fmt.Fprintf(w, "  #   (%s)\n", r)
	}
	if c.Kind == state.KindGrant && c.Action != planner.Delete && c.Desired.TokenFile != "" {
		fmt.Fprintf(w, "  #   (its token will be written to %s)\n", c.Desired.TokenFile)
	}
	fmt.Fprintf(w, "  %s %s %q {\n", pal.glyph(rune(c.Action)), c.Kind, blockLabel(c.Name))
	for _, d := range c.Diff {
		if c.Action == planner.Replace && d.Key == "public_key" && !d.IsBlock() {
			d.After += " # forces a new key" + requestedMark(c)
		}
		attr(w, pal, d, 6)
	}
	fmt.Fprintln(w, "    }")
}

// blockLabel is the label of the block an entity comes from: its name
// without the for_each key, which the address line above shows, as
// Terraform does.
func blockLabel(name string) string {
	if i := strings.Index(name, "["); i > 0 {
		return name[:i]
	}
	return name
}

func headline(c *planner.Change, p *planner.Plan) string {
	switch c.Action {
	case planner.Create:
		if c.Kind == state.KindGrant {
			return "will be issued" + grantParties(c.Desired, p)
		}
		return "will be created"
	case planner.Update:
		if c.Kind == state.KindGrant {
			return "will be re-issued" + grantParties(c.Desired, p)
		}
		return "will be updated in-place"
	case planner.Replace:
		return "must be replaced: forces a new key" + requestedMark(c)
	case planner.Delete:
		if c.Kind == state.KindUser {
			return "will be destroyed and revoked"
		}
		if c.Kind == state.KindGrant {
			return "will be revoked"
		}
		if c.Kind == state.KindAccount {
			return "will be destroyed and deleted from the resolvers on push"
		}
		return "will be destroyed"
	}
	return ""
}

func grantParties(d *planner.Desired, p *planner.Plan) string {
	to := d.PublicKey
	for addr, other := range p.Desired {
		if other.Kind == state.KindAccount && other.PublicKey == to {
			to = strings.TrimPrefix(addr, "account.")
		}
	}
	if _, pending := p.Pending[to]; pending {
		to = p.Pending[to]
	}
	return fmt.Sprintf(" (activation for %s, signed by %s)", to, strings.TrimPrefix(d.Signer, "account."))
}

// attr writes one changed line, nesting blocks; small added or removed
// blocks fit on one line.
func attr(w io.Writer, pal palette, d planner.AttrDiff, indent int) {
	pad := strings.Repeat(" ", indent)
	g := pal.glyph(rune(d.Action))
	if !d.IsBlock() {
		fmt.Fprintf(w, "%s%s %s\n", pad, g, scalar(d))
		return
	}
	if d.Action != planner.Update {
		if line, ok := inline(d); ok && len(line)+indent < 110 {
			fmt.Fprintf(w, "%s%s %s\n", pad, g, line)
			return
		}
	}
	fmt.Fprintf(w, "%s%s %s {\n", pad, g, d.Key)
	for _, sub := range d.Block {
		attr(w, pal, sub, indent+4)
	}
	fmt.Fprintf(w, "%s  }\n", pad)
}

func scalar(d planner.AttrDiff) string {
	switch d.Action {
	case planner.Create:
		return d.Key + " = " + d.After
	case planner.Delete:
		return d.Key + " = " + d.Before
	}
	if span, ok := changedSpan(d); ok {
		return d.Key + " = " + span + " # changed in place; plan -json holds both values"
	}
	return d.Key + " = " + d.Before + " -> " + d.After
}

// inline renders an added or removed block on one line; blocks holding
// blocks do not fit on one.
func inline(d planner.AttrDiff) (string, bool) {
	parts := make([]string, 0, len(d.Block))
	for _, sub := range d.Block {
		if sub.IsBlock() {
			return "", false
		}
		v := sub.After
		if d.Action == planner.Delete {
			v = sub.Before
		}
		parts = append(parts, sub.Key+" = "+v)
	}
	if len(parts) == 0 {
		return d.Key + " {}", true
	}
	return d.Key + " { " + strings.Join(parts, ", ") + " }", true
}

// requestedMark tells a replacement -replace asked for.
func requestedMark(c *planner.Change) string {
	if c.Requested {
		return " (-replace)"
	}
	return ""
}
