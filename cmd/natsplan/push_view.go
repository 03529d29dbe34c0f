package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/natsplan/natsplan/live"
)

// printPush shows, account by account, what each server answered, then the
// lookups that check the servers hold the JWTs, then the deletions.
func printPush(w io.Writer, r *live.PushReport) {
	fmt.Fprintf(w, "Pushed %s to %s (%s):\n", plural(len(r.Accounts), "account"), plural(r.Expected, "server"), strings.Join(r.Servers, ", "))
	for _, u := range r.Unreachable {
		fmt.Fprintf(w, "  ! %s: unreachable: %v\n", u.URL, u.Err)
	}
	for _, u := range r.Unchecked {
		fmt.Fprintf(w, "  ! %s %s: its issuers were not checked before the push; it cannot use an account "+
			"whose issuer its operator JWT does not list (natsplan server-config -server=URL compares them)\n", u.Server, u.Silent)
	}
	for _, a := range r.Accounts {
		mark := "✓"
		if !a.OK() {
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", mark, a.Address, answersLine(a.Answers, a.Missing))
		if a.Held != a.Expected {
			fmt.Fprintf(w, "      lookup: %d of %s hold the JWT just pushed\n", a.Held, plural(a.Expected, "server"))
		}
	}
	printPrune(w, r.Prune)
	if r.OK() {
		fmt.Fprintf(w, "\nPush complete: %s, each accepted and held by %d of %s; %d deleted.\n",
			plural(len(r.Accounts), "account"), r.Expected, plural(r.Expected, "server"), len(r.Prune.Deleted))
	}
}

func printPrune(w io.Writer, p *live.PruneReport) {
	for _, u := range p.Deleted {
		status := "deleted"
		if p.NoKey {
			status = "NOT deleted: the operator's key is not in the keystore"
		} else if n := p.Remaining[u.PublicKey]; n > 0 {
			status = fmt.Sprintf("still held by %s after the delete", plural(n, "server"))
		}
		fmt.Fprintf(w, "  - account %s (%q, not in the state, signed by this operator): %s\n", u.PublicKey, u.Name, status)
	}
	if len(p.Answers)+len(p.Missing) > 0 {
		fmt.Fprintf(w, "      delete request: %s\n", answersLine(p.Answers, p.Missing))
	}
	for _, u := range p.Kept {
		fmt.Fprintf(w, "  · account %s (%q) is not managed by natsplan (signed by %s); left alone\n", u.PublicKey, u.Name, u.Issuer)
	}
	if len(p.Unlisted) > 0 {
		fmt.Fprintf(w, "  ! no list of accounts from %s: accounts removed from the config may remain there\n", strings.Join(p.Unlisted, ", "))
	}
}

// answersLine groups servers by what they answered, refusals first:
// "n3 refused: jwt store is full; n1, n2: jwt updated".
func answersLine(answers []live.Answer, missing []string) string {
	var order []string
	by := map[string][]string{}
	for _, ok := range []bool{false, true} {
		for _, a := range answers {
			if a.OK != ok {
				continue
			}
			text := ": " + a.Text
			if !ok {
				text = " refused: " + a.Text
			}
			if by[text] == nil {
				order = append(order, text)
			}
			by[text] = append(by[text], a.Server)
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, strings.Join(missing, ", ")+": no answer")
	}
	for _, text := range order {
		parts = append(parts, strings.Join(by[text], ", ")+text)
	}
	if len(parts) == 0 {
		return "no answer"
	}
	return strings.Join(parts, "; ")
}

// pushFailures sums up what went wrong, naming servers and accounts.
func pushFailures(r *live.PushReport) string {
	var out []string
	for _, u := range r.Unreachable {
		out = append(out, fmt.Sprintf("%s unreachable", u.URL))
	}
	for _, a := range r.Accounts {
		if a.OK() {
			continue
		}
		why := fmt.Sprintf("held by %d of %d servers", a.Held, a.Expected)
		if refused := failedOnly(a.Answers); len(refused) > 0 || len(a.Missing) > 0 {
			why = answersLine(refused, a.Missing)
		}
		out = append(out, fmt.Sprintf("%s (%s)", a.Address, why))
	}
	if p := r.Prune; !p.OK() {
		switch {
		case p.NoKey:
			out = append(out, fmt.Sprintf("%d removed accounts not deleted: no operator key", len(p.Deleted)))
		case len(p.Unlisted) > 0:
			out = append(out, "no account list from "+strings.Join(p.Unlisted, ", "))
		default:
			why := "still held after the delete"
			if refused := failedOnly(p.Answers); len(refused)+len(p.Missing) > 0 {
				why = answersLine(refused, p.Missing)
			}
			out = append(out, fmt.Sprintf("deletion of %d removed accounts (%s)", len(p.Deleted), why))
		}
	}
	return strings.Join(out, "; ")
}

func failedOnly(answers []live.Answer) []live.Answer {
	var out []live.Answer
	for _, a := range answers {
		if !a.OK {
			out = append(out, a)
		}
	}
	return out
}

// progressPrinter reports progress of a long push on w, at most once a
// second and only once it has run for a second, so short pushes stay
// quiet. now is time.Now outside tests.
func progressPrinter(w io.Writer, now func() time.Time) func(done, total int) {
	start := now()
	last := start
	return func(done, total int) {
		t := now()
		if t.Sub(start) < time.Second || (t.Sub(last) < time.Second && done < total) {
			return
		}
		last = t
		fmt.Fprintf(w, "  ... %d of %d accounts answered by every server (%s)\n", done, total, t.Sub(start).Round(100*time.Millisecond))
	}
}
