package main

import (
	"github.com/natsplan/natsplan/view"
)

// cmdShow describes what the state holds.
func cmdShow(c *cli, args []string) int {
	fs := c.flags("show")
	ws := c.workspace(fs)
	asJSON := fs.Bool("json", false, "machine-readable output (schema in docs/json.md)")
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	render := view.Show
	if *asJSON {
		render = view.ShowJSON
	}
	if err := render(c.stdout, st); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	return exitOK
}
