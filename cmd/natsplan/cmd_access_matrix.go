package main

import (
	"encoding/json"
	"fmt"

	"github.com/natsplan/natsplan/access"
)

// cmdAccessMatrix prints every user's access: that it connects, and each
// import of its account it can use.
func cmdAccessMatrix(c *cli, args []string) int {
	fs := c.flags("access")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	planned := fs.Bool("planned", false, "for the configuration as planned, not the applied state")
	asJSON := fs.Bool("json", false, "machine-readable output: a list of facts")
	if pos, ok := parse(fs, args); !ok {
		return exitError
	} else if len(pos) > 0 {
		c.errorf("unknown access command %q (access, access check, access changes)", pos[0])
		return exitError
	}
	before, after, pending, ok := accessWorlds(ws, *planned)
	if !ok {
		return exitError
	}
	w := before
	if *planned {
		w = after
	}
	facts := w.Matrix()
	if *asJSON {
		doc := struct {
			FormatVersion string        `json:"format_version"`
			Facts         []access.Fact `json:"facts"`
		}{"1", []access.Fact{}}
		for _, f := range facts {
			f.Subject, f.Unknown = hidePending(pending, f.Subject), hidePending(pending, f.Unknown)
			doc.Facts = append(doc.Facts, f)
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			c.errorf("%v", err)
			return exitError
		}
		return exitOK
	}
	for _, f := range facts {
		line := f.String()
		if f.Unknown != "" {
			line = "? " + line + " (unknown: " + f.Unknown + ")"
		}
		fmt.Fprintln(c.stdout, hidePending(pending, line))
	}
	return exitOK
}

// cmdAccessChanges prints what the plan opens and closes: the access of
// the planned claims compared with the access of the state's.
func cmdAccessChanges(c *cli, args []string) int {
	fs := c.flags("access changes")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	asJSON := fs.Bool("json", false, "machine-readable output")
	if pos, ok := parse(fs, args); !ok {
		return exitError
	} else if len(pos) > 0 {
		c.errorf("access changes takes no arguments")
		return exitError
	}
	before, after, pending, ok := accessWorlds(ws, true)
	if !ok {
		return exitError
	}
	changes := access.Changes(before, after)
	if *asJSON {
		type change struct {
			Change string      `json:"change"`
			Fact   access.Fact `json:"fact"`
			Why    string      `json:"why,omitempty"`
			Text   string      `json:"text"`
		}
		doc := struct {
			FormatVersion string   `json:"format_version"`
			Changes       []change `json:"access_changes"`
		}{"1", []change{}}
		for _, ch := range changes {
			f := ch.Fact
			f.Subject, f.Unknown = hidePending(pending, f.Subject), hidePending(pending, f.Unknown)
			doc.Changes = append(doc.Changes, change{ch.Kind, f, ch.Why, hidePending(pending, ch.String())})
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			c.errorf("%v", err)
			return exitError
		}
		return exitOK
	}
	if len(changes) == 0 {
		fmt.Fprintln(c.stdout, "No access changes.")
		return exitOK
	}
	fmt.Fprintln(c.stdout, "Access changes:")
	for _, ch := range changes {
		fmt.Fprintln(c.stdout, "  "+hidePending(pending, ch.String()))
	}
	return exitOK
}

// accessWorlds reads and verifies the state and builds its World; with
// planned, also the plan's (pending: the plan's placeholder keys).
func accessWorlds(ws *workspace, planned bool) (before, after *access.World, pending map[string]string, ok bool) {
	st, ok := ws.state()
	if !ok {
		return nil, nil, nil, false
	}
	if err := verifiedState(st); err != nil {
		ws.c.errorf("%v", err)
		return nil, nil, nil, false
	}
	before, err := access.FromState(st, ws.now)
	if err == nil && planned {
		p, _, ok := ws.plan(st)
		if !ok {
			return nil, nil, nil, false
		}
		after, err = access.FromPlan(p, st, ws.now)
		pending = p.Pending
	}
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, nil, nil, false
	}
	return before, after, pending, true
}
