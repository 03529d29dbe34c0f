package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// mdShape is what a CommonMark/GFM parser finds in a markdown plan.
type mdShape struct {
	tables      []int // rows of each table, header excluded
	diffFences  []string
	detailsOpen int
	// outside is the text a reader sees outside code: paragraphs,
	// headings, table cells, raw HTML.
	outside string
}

func parseMarkdown(t *testing.T, src string) mdShape {
	t.Helper()
	b := []byte(src)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(b))
	var s mdShape
	var outside strings.Builder
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *extast.Table:
			rows := 0
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if c.Kind() == extast.KindTableRow {
					rows++
				}
			}
			s.tables = append(s.tables, rows)
		case *ast.FencedCodeBlock:
			if string(n.Language(b)) == "diff" {
				s.diffFences = append(s.diffFences, string(n.Lines().Value(b)))
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			v := string(n.Lines().Value(b))
			s.detailsOpen += strings.Count(v, "<details>")
			outside.WriteString(v)
		case *ast.Text:
			outside.Write(n.Segment.Value(b))
		case *ast.String:
			outside.Write(n.Value)
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				outside.Write(seg.Value(b))
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.outside = outside.String()
	return s
}

// fleetConfig is n accounts of one user each; changed raises every
// account's connections to unlimited and gives it a description that
// tries to end its code fence and details block.
func fleetConfig(n int, changed bool) string {
	var b strings.Builder
	b.WriteString("operator \"O\" {\n  system_account = account.SYS\n}\n\naccount \"SYS\" {}\n")
	for i := range n {
		conns, desc := "10", "team"
		if changed {
			conns = "-1"
			desc = "```\\n</details>\\n\\nFORGED " + strings.Repeat("long text ", 20)
		}
		fmt.Fprintf(&b, "\naccount \"team%03d\" {\n  description = %q\n  limits {\n    connections = %s\n  }\n  user \"u\" {}\n}\n",
			i, desc, conns)
	}
	return strings.ReplaceAll(b.String(), `\\n`, `\n`)
}

// TestMarkdownPlanStructure renders a plan larger than the default limit
// and checks, with a GFM parser, that the comment stays under the limit,
// keeps the whole security section, has one details block and one diff
// fence per entity it kept, counts those it left out, and that no value
// from the configuration escaped its fence.
func TestMarkdownPlanStructure(t *testing.T) {
	const accounts = 100
	dir := t.TempDir()
	writeFile(t, dir+"/main.hcl", fleetConfig(accounts, false))
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	writeFile(t, dir+"/main.hcl", fleetConfig(accounts, true))

	out := mustRun(t, exitOK, dir, "plan", "-markdown")
	if len(out) > 60000 {
		t.Fatalf("markdown plan is %d bytes, over the default limit of 60000", len(out))
	}
	s := parseMarkdown(t, out)
	if len(s.tables) != 2 {
		t.Fatalf("want 2 tables (security, changes), got %v", s.tables)
	}
	if s.tables[0] != accounts {
		t.Errorf("security table has %d rows, want one per account raised to unlimited: %d", s.tables[0], accounts)
	}
	m := regexp.MustCompile(`(\d+) of (\d+) entity details`).FindStringSubmatch(s.outside)
	if m == nil {
		t.Fatalf("no note on what was left out in:\n%s", s.outside[max(0, len(s.outside)-600):])
	}
	cut, of := atoi(t, m[1]), atoi(t, m[2])
	if of != accounts || cut == 0 || cut == of {
		t.Errorf("note says %d of %d details cut; want some but not all of %d", cut, of, accounts)
	}
	if kept := of - cut; len(s.diffFences) != kept || s.detailsOpen != kept {
		t.Errorf("%d diff fences and %d details blocks, want %d each", len(s.diffFences), s.detailsOpen, kept)
	}
	if strings.Contains(s.outside, "FORGED") {
		t.Errorf("a description escaped its code fence:\n%s", s.outside)
	}
	for _, f := range s.diffFences[:min(1, len(s.diffFences))] {
		if !strings.Contains(f, "FORGED") || !strings.Contains(f, "! account") {
			t.Errorf("diff fence does not hold the account's diff:\n%s", f)
		}
	}
	if strings.Contains(out, "eyJ") || strings.Contains(out, "\x1b[") {
		t.Error("markdown plan holds a JWT or a colour code")
	}

	all := mustRun(t, exitOK, dir, "plan", "-markdown", "-markdown-limit=0")
	if s := parseMarkdown(t, all); len(s.diffFences) != accounts || s.detailsOpen != accounts {
		t.Errorf("without a limit: %d fences, %d details, want %d", len(s.diffFences), s.detailsOpen, accounts)
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply:\n%s", out)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
