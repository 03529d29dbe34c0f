package main

import (
	"flag"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/view"
)

// planFormat is how plan and show write a plan: text, -json or -markdown.
type planFormat struct {
	json, markdown bool
	limit          int
}

func planFormatFlags(fs *flag.FlagSet, jsonHelp string) *planFormat {
	f := &planFormat{}
	fs.BoolVar(&f.json, "json", false, jsonHelp)
	fs.BoolVar(&f.markdown, "markdown", false, "GitHub-flavoured markdown, for a pull-request comment")
	fs.IntVar(&f.limit, "markdown-limit", view.DefaultMarkdownLimit,
		"keep -markdown output under this many bytes by leaving out per-entity details (0: no limit; GitHub refuses comments over 65536 characters)")
	return f
}

// valid refuses flags that ask for two formats at once.
func (f *planFormat) valid(c *cli) bool {
	if f.json && f.markdown {
		c.errorf("-json and -markdown ask for two formats; give one")
		return false
	}
	return true
}

// text reports whether the plan is written for a terminal, where notes
// such as "Saved the plan to" may follow it.
func (f *planFormat) text() bool { return !f.json && !f.markdown }

func (f *planFormat) write(ws *workspace, p *planner.Plan) bool {
	var err error
	switch {
	case f.json:
		err = view.PlanJSON(ws.c.stdout, p)
	case f.markdown:
		err = view.PlanMarkdown(ws.c.stdout, p, f.limit)
	default:
		view.Plan(ws.c.stdout, p, ws.color())
	}
	if err != nil {
		ws.c.errorf("%v", err)
		return false
	}
	return true
}
