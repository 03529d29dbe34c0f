package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/natsplan/natsplan/live"
)

// printDrift shows drift at the level of claims, one entity per line.
func printDrift(w io.Writer, d *live.Drift, only bool) {
	where := fmt.Sprintf("%s (%s)", plural(d.Expected, "server"), strings.Join(d.Servers, ", "))
	if d.Empty() {
		fmt.Fprintf(w, "No drift. The resolvers of %s hold exactly the accounts of the state.\n", where)
		if !only {
			fmt.Fprintln(w)
		}
		return
	}
	fmt.Fprintf(w, "Drift: the resolvers of %s differ from the state.\n\n", where)
	for _, m := range d.Missing {
		fmt.Fprintf(w, "  # %s is missing on %s\n", m.Address, strings.Join(m.Servers, ", "))
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "  # %s has other claims on %d of %s\n", c.Address, c.Servers, plural(c.Of, "server"))
		for _, l := range c.Lines {
			fmt.Fprintf(w, "      %c %s\n", l.Action, l.Text)
		}
	}
	for _, u := range d.Unmanaged {
		what := fmt.Sprintf("signed by %s, not managed by natsplan; push leaves it alone", u.Issuer)
		if u.Ours {
			what = "signed by this operator but not in the state; push deletes it"
		}
		fmt.Fprintf(w, "  # account %s (%q) is on %s: %s\n", u.PublicKey, u.Name, strings.Join(u.Servers, ", "), what)
	}
	fmt.Fprintf(w, "\nDrift: %d missing, %d changed, %d not in the state.", len(d.Missing), len(d.Changed), len(d.Unmanaged))
	fmt.Fprintln(w, " To make the servers match the state, run: natsplan push")
	if !only {
		fmt.Fprintln(w)
	}
}

func incomplete(d *live.Drift) string {
	var out []string
	for _, u := range d.Unreachable {
		out = append(out, fmt.Sprintf("%s: %v", u.URL, u.Err))
	}
	if len(d.Unlisted) > 0 {
		out = append(out, "no answer to the list request from "+strings.Join(d.Unlisted, ", "))
	}
	return strings.Join(out, "; ")
}

// driftJSON writes drift for machines; errors become strings.
func driftJSON(w io.Writer, d *live.Drift) error {
	unreachable := map[string]string{}
	for _, u := range d.Unreachable {
		unreachable[u.URL] = u.Err.Error()
	}
	out := struct {
		Drift       bool                   `json:"drift"`
		Servers     []string               `json:"servers"`
		Unreachable map[string]string      `json:"unreachable,omitempty"`
		Unlisted    []string               `json:"unlisted,omitempty"`
		Missing     []*live.MissingAccount `json:"missing"`
		Changed     []*live.ChangedAccount `json:"changed"`
		Unmanaged   []*live.Unmanaged      `json:"unmanaged"`
	}{!d.Empty(), d.Servers, unreachable, d.Unlisted, orEmpty(d.Missing), orEmpty(d.Changed), orEmpty(d.Unmanaged)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// orEmpty makes a nil list encode as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
