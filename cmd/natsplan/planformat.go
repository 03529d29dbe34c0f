package main

import (
	"flag"
	"fmt"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
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

// write writes p, made from cfg and st, ending with its Access changes
// (accessSection).
func (f *planFormat) write(ws *workspace, st *state.State, cfg *lang.Config, p *planner.Plan) bool {
	acc := ws.accessSection(st, cfg, p)
	var err error
	switch {
	case f.json:
		err = view.PlanJSON(ws.c.stdout, p, acc)
	case f.markdown:
		err = view.PlanMarkdown(ws.c.stdout, p, f.limit, acc)
	default:
		view.Plan(ws.c.stdout, p, ws.color())
		view.PlanAccess(ws.c.stdout, acc)
	}
	if err != nil {
		ws.c.errorf("%v", err)
		return false
	}
	return true
}

// accessSection is what p opens and closes, computed from the state's
// claims and the plan's (access.PlanChanges); nil for an empty plan, so
// that a no-op plan decodes no JWT. The state is untrusted: the JWTs the
// analysis read are verified up to the operator first, and when they do
// not verify the section says so instead of describing them.
func (ws *workspace) accessSection(st *state.State, cfg *lang.Config, p *planner.Plan) *view.AccessChanges {
	if p.Empty() {
		return nil
	}
	if len(p.Changes) > firstPlanListed && !holdsAccounts(st) {
		// A large first apply: every user is new and all its access
		// opens. Listing it would cost more than the plan (a line per
		// user and import) and tell a reviewer nothing the plan does not.
		return &view.AccessChanges{Note: fmt.Sprintf("not listed for a first apply of %d entities, where all access is new: natsplan access -planned lists it", len(p.Changes))}
	}
	changes, loaded, err := access.PlanChanges(p, cfg, st, ws.now)
	if err != nil {
		return &view.AccessChanges{Note: "not analysed: " + err.Error()}
	}
	trust.LoadJWTs(st, loaded)
	if problems := trust.Verify(st, loaded); len(problems) > 0 {
		note := fmt.Sprintf("not analysed: the state does not verify (%s", problems[0])
		if len(problems) > 1 {
			note += fmt.Sprintf(", and %d more", len(problems)-1)
		}
		return &view.AccessChanges{Note: note + "); run natsplan validate -state"}
	}
	return &view.AccessChanges{Changes: changes, Pending: p.Pending}
}

// firstPlanListed is the largest first plan whose access changes are
// computed and listed.
const firstPlanListed = 1000

// holdsAccounts reports whether st holds an account: before the first
// apply it holds none.
func holdsAccounts(st *state.State) bool {
	for _, r := range st.Resources {
		if r.Kind == state.KindAccount {
			return true
		}
	}
	return false
}
