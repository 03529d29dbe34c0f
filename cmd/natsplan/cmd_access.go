package main

import (
	"fmt"
	"strings"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/natsplan/natsplan/access"
)

// Exit codes of `access check`: allowed is success, denied is 2 (as a
// plan with changes), an answer the analysis cannot give is 3.
const (
	exitDenied  = 2
	exitUnknown = 3
)

// accessQuery is the question `access check` asks, from its flags.
type accessQuery struct {
	user, request, to, subscribe, from, publish, published string

	pending map[string]string // placeholder keys of a plan, shown as such
}

// cmdAccess answers who can reach what, from the claims of the state:
// `access` lists every user's access, `access changes` what the plan
// opens and closes, `access check` answers one question.
// accessSubcommands are the subcommands of access; each is a command of
// its own in the table (commands.go). Without one, access lists every
// user's access.
var accessSubcommands = []string{"check", "changes"}

func cmdAccess(c *cli, args []string) int {
	if len(args) > 0 && args[0] == "changes" {
		return cmdAccessChanges(c, args[1:])
	}
	if len(args) == 0 || args[0] != "check" {
		return cmdAccessMatrix(c, args)
	}
	fs := c.flags("access check")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	planned := fs.Bool("planned", false, "answer for the configuration as planned (the claims apply would sign), not for the applied state")
	var q accessQuery
	fs.StringVar(&q.user, "user", "", "the user (account.A.user.u), or an account (account.A) for each of its users")
	fs.StringVar(&q.request, "request", "", "does a request on this subject reach a service (and the reply come back)")
	fs.StringVar(&q.to, "to", "", "with -request: the account that must receive it (default: any)")
	fs.StringVar(&q.subscribe, "subscribe", "", "may the user subscribe to this subject; with -from, does a message from that account reach it")
	fs.StringVar(&q.from, "from", "", "with -subscribe: the account that publishes")
	fs.StringVar(&q.published, "published", "", "with -subscribe -from: the one subject published (default: every subject the claims name)")
	fs.StringVar(&q.publish, "publish", "", "may the user publish on this subject")
	if pos, ok := parse(fs, args[1:]); !ok {
		return exitError
	} else if len(pos) > 0 {
		c.errorf("access check takes no arguments, only flags (got %q)", pos[0])
		return exitError
	}
	if err := q.validate(); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	if err := verifiedState(st); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	w, err := access.FromState(st, ws.now)
	if *planned {
		p, _, ok := ws.plan(st)
		if !ok {
			return exitError
		}
		w, err = access.FromPlan(p, st, ws.now)
		q.pending = p.Pending
	}
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	return q.answer(c, w)
}

// validate checks that exactly one question is asked, with subjects a
// client could use.
func (q *accessQuery) validate() error {
	if q.user == "" {
		return fmt.Errorf("access check needs -user=ADDRESS (account.A.user.u, or account.A for all its users)")
	}
	n := 0
	for _, s := range []string{q.request, q.subscribe, q.publish} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("access check needs exactly one of -request, -subscribe, -publish")
	}
	if q.to != "" && q.request == "" {
		return fmt.Errorf("-to goes with -request")
	}
	if (q.from != "" || q.published != "") && q.subscribe == "" {
		return fmt.Errorf("-from and -published go with -subscribe")
	}
	if q.published != "" && q.from == "" {
		return fmt.Errorf("-published needs -from=account.X")
	}
	for _, s := range []string{q.request, q.publish, q.published} {
		if s != "" && !server.IsValidLiteralSubject(s) {
			return fmt.Errorf("%q is not a subject a client can publish on (no wildcards, no spaces, no empty tokens)", s)
		}
	}
	if q.subscribe != "" && !server.IsValidSubject(q.subscribe) {
		return fmt.Errorf("%q is not a subject a client can subscribe to", q.subscribe)
	}
	return nil
}

// answer asks the question for the user, or each user of the account,
// prints each answer and returns the exit code: the worst verdict.
func (q *accessQuery) answer(c *cli, w *access.World) int {
	users, err := q.users(w)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	var to, from *access.Account
	if to, err = accessAccount(w, q.to); err != nil {
		c.errorf("-to: %v", err)
		return exitError
	}
	if from, err = accessAccount(w, q.from); err != nil {
		c.errorf("-from: %v", err)
		return exitError
	}
	code := exitOK
	for _, u := range users {
		a := q.ask(w, u, to, from)
		fmt.Fprint(c.stdout, hidePending(q.pending, a.String()))
		switch {
		case a.Verdict == access.Denied:
			code = exitDenied
		case a.Verdict == access.Unknown && code == exitOK:
			code = exitUnknown
		}
	}
	return code
}

func (q *accessQuery) ask(w *access.World, u *access.User, to, from *access.Account) access.Answer {
	switch {
	case q.publish != "":
		return w.Publish(u, q.publish)
	case q.request != "":
		return w.Request(u, q.request, to)
	case from != nil && q.published != "":
		return w.Receive(u, q.subscribe, from, q.published)
	case from != nil:
		return w.ReceiveAny(u, q.subscribe, from)
	}
	return w.Subscribe(u, q.subscribe)
}

// users resolves -user: one user, or every user of an account.
func (q *accessQuery) users(w *access.World) ([]*access.User, error) {
	if u := w.User(q.user); u != nil {
		return []*access.User{u}, nil
	}
	if a := w.Account(q.user); a != nil {
		if len(a.Users) == 0 {
			return nil, fmt.Errorf("%s has no users in the state", q.user)
		}
		return a.Users, nil
	}
	if !strings.HasPrefix(q.user, "account.") {
		return nil, fmt.Errorf("-user=%s: give an address, account.A.user.u or account.A", q.user)
	}
	return nil, fmt.Errorf("-user=%s: no such user or account in the state", q.user)
}

// accessAccount resolves an -to or -from address; "" is nil.
func accessAccount(w *access.World, addr string) (*access.Account, error) {
	if addr == "" {
		return nil, nil
	}
	if a := w.Account(addr); a != nil {
		return a, nil
	}
	return nil, fmt.Errorf("%s: no such account in the state (give its address, account.A)", addr)
}

// hidePending writes the keys a plan has not made yet as the plan does.
func hidePending(pending map[string]string, s string) string {
	for key := range pending {
		if strings.Contains(s, key) {
			s = strings.ReplaceAll(s, key, "(known after apply)")
		}
	}
	return s
}
