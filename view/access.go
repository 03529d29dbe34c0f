package view

// The plan's last section, "Access changes": what the change opens and
// closes at the level of user -> service/stream in an account
// (access.Changes), in every format of the plan.

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/review"
)

// AccessChanges is the plan's Access changes section.
type AccessChanges struct {
	Changes []access.Change
	Pending map[string]string // placeholder keys: they read "(known after apply)"
	Note    string            // why the section could not be computed, or ""
}

// MaxAccessLines is how many access changes the text and markdown plans
// list; the JSON plan holds them all. A plan that adds a fleet's worth of
// users opens thousands of paths, more than anyone reviews line by line.
const MaxAccessLines = 200

// lines are the changes as the plan prints them, at most MaxAccessLines,
// and how many were left out.
func (a *AccessChanges) lines() ([]string, int) {
	n := min(len(a.Changes), MaxAccessLines)
	out := make([]string, n)
	for i, c := range a.Changes[:n] {
		out[i] = a.hide(c.String())
	}
	return out, len(a.Changes) - n
}

// leftOut says how many changes a listing left out, and where they are.
func leftOut(n int) string {
	return fmt.Sprintf("... and %d more access changes: natsplan plan -json (access_changes) or natsplan access changes lists them all", n)
}

// hide replaces placeholder keys: a key not made yet is not a value.
// Placeholders are nkeys (56 characters of base32): each window of that
// length within a run of such characters is looked up, so a first plan's
// thousands of lines and keys cost lines, not lines times keys.
func (a *AccessChanges) hide(s string) string {
	if len(a.Pending) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !base32Char(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && base32Char(s[j]) {
			j++
		}
		for k := i; k+keyLen <= j; k++ {
			if _, ok := a.Pending[s[k:k+keyLen]]; ok && k >= last {
				b.WriteString(s[last:k])
				b.WriteString("(known after apply)")
				last = k + keyLen
				k += keyLen - 1
			}
		}
		i = j
	}
	if last == 0 {
		return s
	}
	return b.String() + s[last:]
}

// keyLen is the length of an encoded nkey public key.
const keyLen = 56

func base32Char(c byte) bool { return 'A' <= c && c <= 'Z' || '2' <= c && c <= '7' }

// PlanAccess writes the text plan's Access changes section (nothing for
// nil: an empty plan has none).
func PlanAccess(w io.Writer, a *AccessChanges) {
	if a == nil {
		return
	}
	out := bufio.NewWriter(w) // a first plan's section is a line per user and import
	defer out.Flush()
	fmt.Fprintln(out)
	switch {
	case a.Note != "":
		fmt.Fprintln(out, "Access changes: "+a.Note)
	case len(a.Changes) == 0:
		fmt.Fprintln(out, "No access changes.")
	default:
		fmt.Fprintln(out, "Access changes:")
		lines, more := a.lines()
		for _, l := range lines {
			fmt.Fprintln(out, "  "+l)
		}
		if more > 0 {
			fmt.Fprintln(out, "  "+leftOut(more))
		}
	}
}

// jsonAccess is one entry of the JSON plan's access_changes.
type jsonAccess struct {
	Change string      `json:"change"` // "opens" or "closes"
	Fact   access.Fact `json:"fact"`
	Why    string      `json:"why,omitempty"`
	Text   string      `json:"text"`
}

func (a *AccessChanges) json() []jsonAccess {
	out := []jsonAccess{}
	if a == nil {
		return out
	}
	for _, c := range a.Changes {
		f := c.Fact
		f.User, f.Subject, f.Account, f.Unknown = a.hide(f.User), a.hide(f.Subject), a.hide(f.Account), a.hide(f.Unknown)
		out = append(out, jsonAccess{c.Kind, f, c.Why, a.hide(c.String())})
	}
	return out
}

// findings are the access a change opens, for the markdown plan's
// security section: widened when the user had access to the same export
// before under another subject, new otherwise.
func (a *AccessChanges) findings() []review.Finding {
	if a == nil {
		return nil
	}
	closed := map[string]bool{}
	for _, c := range a.Changes {
		if c.Op == '-' {
			closed[exportOf(c.Fact)] = true
		}
	}
	var out []review.Finding
	for _, c := range a.Changes {
		if c.Op != '+' || c.Fact.Kind == "connect" {
			continue
		}
		kind := review.NewAccess
		if closed[exportOf(c.Fact)] {
			kind = review.WidenedAccess
		}
		out = append(out, review.Finding{Address: c.Fact.User, Kind: kind, What: a.hide(strings.TrimPrefix(c.String(), "+ "))})
	}
	if n := len(out) - MaxAccessLines; n > 0 {
		out = append(out[:MaxAccessLines], review.Finding{Address: "(more)", Kind: review.NewAccess, What: leftOut(n)})
	}
	return out
}

func exportOf(f access.Fact) string {
	return f.User + "\x00" + f.Kind + "\x00" + f.Account + "\x00" + f.Export
}

// markdown is the markdown plan's Access changes section, which the size
// limit never cuts: it is what the reviewer approves.
func (a *AccessChanges) markdown() string {
	if a == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n### Access changes\n\n")
	switch {
	case a.Note != "":
		b.WriteString(mdText(a.Note) + "\n")
	case len(a.Changes) == 0:
		b.WriteString("No access changes.\n")
	default:
		lines, more := a.lines()
		for _, l := range lines {
			b.WriteString("- " + mdCode(l) + "\n")
		}
		if more > 0 {
			b.WriteString("- " + mdText(leftOut(more)) + "\n")
		}
	}
	return b.String()
}
