package main

import (
	"github.com/natsplan/natsplan/graph"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
)

// cmdGraph draws the configuration's tree as Graphviz DOT or Mermaid;
// -plan colours what a saved plan adds, changes and removes. Like show,
// it trusts nothing in the saved plan: it plans again, checks the saved
// plan against that (refusing a stale or forged one), and colours the
// plan made now. It reads no keys.
func cmdGraph(c *cli, args []string) int {
	fs := c.flags("graph")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	format := fs.String("format", "dot", "dot (Graphviz) or mermaid (rendered by GitHub in a ```mermaid block)")
	maxUsers := fs.Int("max-users", graph.DefaultMaxUsers, "draw an account's users one by one up to this many, else as a count (-1: all)")
	planFile := fs.String("plan", "", "colour what this saved plan adds, changes and removes")
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	if len(pos) > 0 {
		c.errorf("graph takes no arguments; to colour a saved plan, use -plan=PLANFILE")
		return exitError
	}
	write := graph.WriteDOT
	switch *format {
	case "dot":
	case "mermaid":
		write = graph.WriteMermaid
	default:
		c.errorf("-format=%s: the formats are dot and mermaid", *format)
		return exitError
	}
	opts := graph.Options{MaxUsers: *maxUsers}
	cfg, ok := ws.graphConfig(*planFile, &opts)
	if !ok {
		return exitError
	}
	if err := write(c.stdout, graph.Build(cfg, opts)); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	return exitOK
}

// graphConfig loads the configuration; given a saved plan, it plans,
// checks the saved plan as apply would, and sets the colours.
func (ws *workspace) graphConfig(planFile string, opts *graph.Options) (*lang.Config, bool) {
	var saved *planner.Saved
	if planFile != "" {
		var ok bool
		if saved, ok = ws.readSaved(planFile); !ok {
			return nil, false
		}
		ws.replace = saved.Replace // as show does: graph signs nothing
	}
	ws.prefetch()
	st, ok := ws.planState()
	if !ok {
		return nil, false
	}
	if saved == nil {
		cfg, diags := ws.loadFor(st)
		ws.diagnostics(cfg, diags)
		return cfg, !diags.HasErrors()
	}
	p, cfg, ok := ws.plan(st)
	if !ok {
		return nil, false
	}
	if err := saved.Check(p); err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	opts.Plan = graph.FromPlan(p)
	return cfg, true
}
