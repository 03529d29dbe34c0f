package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/expect"
	"github.com/natsplan/natsplan/view"
)

// cmdTest checks the expectations of tests/*.test.hcl against the planned
// configuration, by the access analysis and on an embedded nats-server
// with throwaway keys. Exit 0 when every expectation holds, 1 otherwise.
func cmdTest(c *cli, args []string) int {
	fs := c.flags("test")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	asJSON := fs.Bool("json", false, "machine-readable output")
	if pos, ok := parse(fs, args); !ok {
		return exitError
	} else if len(pos) > 0 {
		c.errorf("test takes no arguments")
		return exitError
	}
	exps, files, diags := expect.Load(c.dir)
	if len(diags) > 0 {
		view.Diagnostics(c.stderr, files, diags, ws.color())
	}
	if diags.HasErrors() {
		return exitError
	}
	if len(exps) == 0 {
		c.errorf("no expectations: write expect blocks in %s/*.test.hcl", expect.Dir)
		return exitError
	}
	_, w, pending, ok := accessWorlds(ws, true)
	if !ok {
		return exitError
	}
	if problems := expect.Check(exps, w); len(problems) > 0 {
		for _, p := range problems {
			c.errorf("%s", p)
		}
		return exitError
	}
	results, err := expect.Run(exps, w)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	if *asJSON {
		return testJSON(c, results, pending)
	}
	return testText(c, results, pending)
}

func testText(c *cli, results []*expect.Result, pending map[string]string) int {
	failed := 0
	for _, r := range results {
		e := r.Expectation
		where := fmt.Sprintf("%s (%s:%d)", e.Name, e.Range.Filename, e.Range.Start.Line)
		switch {
		case r.Disagrees():
			failed++
			fmt.Fprintf(c.stdout, "DISAGREE %s: natsplan itself is wrong here: the analysis says %s, the server %s\n", where, r.Analysis.Verdict, serverWord(r))
		case r.Holds():
			fmt.Fprintf(c.stdout, "ok       %s: %s, as expected (analysis and server agree)\n", where, r.Analysis.Verdict)
			continue
		case r.Analysis.Verdict == access.Unknown:
			failed++
			fmt.Fprintf(c.stdout, "FAIL     %s: the analysis cannot decide; the server says %s\n", where, serverWord(r))
		default:
			failed++
			fmt.Fprintf(c.stdout, "FAIL     %s: expected %s, but it is %s (analysis and server agree)\n", where, want(e), r.Analysis.Verdict)
		}
		for _, l := range strings.Split(strings.TrimRight(hidePending(pending, r.Analysis.String()), "\n"), "\n") {
			fmt.Fprintln(c.stdout, "           "+l)
		}
	}
	fmt.Fprintf(c.stdout, "\n%d expectations: %d hold, %d fail.\n", len(results), len(results)-failed, failed)
	if failed > 0 {
		return exitError
	}
	return exitOK
}

func want(e *expect.Expectation) string {
	if e.Allowed {
		return "allowed"
	}
	return "denied"
}

func serverWord(r *expect.Result) string {
	if r.Server == nil {
		return "was not asked"
	}
	if *r.Server {
		return "allowed it"
	}
	return "denied it"
}

func testJSON(c *cli, results []*expect.Result, pending map[string]string) int {
	type item struct {
		Name     string   `json:"name"`
		File     string   `json:"file"`
		Line     int      `json:"line"`
		Expected bool     `json:"expected_allowed"`
		Analysis string   `json:"analysis"`
		Path     []string `json:"analysis_path"`
		Server   *bool    `json:"server_allowed"`
		Holds    bool     `json:"holds"`
		Disagree bool     `json:"disagreement"`
	}
	doc := struct {
		FormatVersion string `json:"format_version"`
		Passed        bool   `json:"passed"`
		Results       []item `json:"results"`
	}{FormatVersion: "1", Passed: true}
	for _, r := range results {
		e := r.Expectation
		var path []string
		for _, l := range r.Analysis.Lines {
			path = append(path, hidePending(pending, l))
		}
		it := item{e.Name, e.Range.Filename, e.Range.Start.Line, e.Allowed, string(r.Analysis.Verdict), path, r.Server, r.Holds(), r.Disagrees()}
		doc.Passed = doc.Passed && it.Holds
		doc.Results = append(doc.Results, it)
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	if !doc.Passed {
		return exitError
	}
	return exitOK
}
