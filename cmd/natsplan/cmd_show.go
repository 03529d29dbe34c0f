package main

import (
	"github.com/natsplan/natsplan/view"
)

// cmdShow describes what the state holds, or, given a saved plan, what
// applying it will do.
func cmdShow(c *cli, args []string) int {
	fs := c.flags("show")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	format := planFormatFlags(fs, "machine-readable output (schema in docs/json.md)")
	pos, ok := parse(fs, args)
	if !ok || !format.valid(c) {
		return exitError
	}
	switch {
	case len(pos) > 1:
		c.errorf("show takes at most one argument, a saved plan file")
		return exitError
	case len(pos) == 1:
		return ws.showSaved(pos[0], format)
	case format.markdown:
		c.errorf("-markdown writes a plan: give the saved plan file, as in show -markdown PLANFILE")
		return exitError
	}
	st, ok := ws.state()
	// What show prints is what a reviewer believes: claims of a state
	// that does not verify are not shown as if they were signed.
	if !ok || !ws.verified(st, "show", nil) {
		return exitError
	}
	render := view.Show
	if format.json {
		render = view.ShowJSON
	}
	if err := render(c.stdout, st); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	return exitOK
}

// showSaved shows what applying a saved plan will do. The saved plan is
// untrusted input (it comes with a pull request, or from an artifact
// store): it holds addresses and digests only, and nothing in it is
// printed as it stands. The plan is made again from the configuration and
// the state, the saved plan is checked against it exactly as apply checks
// it (a stale or forged one is refused, nothing is written), and the plan
// made now is what is shown: what apply will sign.
func (ws *workspace) showSaved(path string, format *planFormat) int {
	saved, ok := ws.readSaved(path)
	if !ok {
		return exitError
	}
	// Replacements are planned as the saved plan asks: show signs
	// nothing, and apply must be given them as flags (Saved.Replace).
	ws.replace = saved.Replace
	ws.prefetch()
	st, ok := ws.planState()
	if !ok {
		return exitError
	}
	p, cfg, ok := ws.plan(st)
	if !ok {
		return exitError
	}
	if err := saved.Check(p); err != nil {
		ws.c.errorf("%v", err)
		return exitError
	}
	if !format.write(ws, st, cfg, p) {
		return exitError
	}
	return exitOK
}
