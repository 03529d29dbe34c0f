package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/state"
)

// urlList is a flag that may be repeated; each value may also be a
// comma-separated list.
type urlList []string

func (u *urlList) String() string { return strings.Join(*u, ",") }

func (u *urlList) Set(v string) error {
	*u = append(*u, v)
	return nil
}

// liveFlags are the flags of every command that talks to running servers.
type liveFlags struct {
	servers urlList
	creds   string
	quiet   time.Duration
}

func (c *cli) liveFlags(fs *flag.FlagSet) *liveFlags {
	lf := &liveFlags{}
	fs.Var(&lf.servers, "server", "nats-server URL, repeatable (default: NATS_URL, then the operator's service URLs)")
	fs.StringVar(&lf.creds, "creds", "", "creds of a system account user (default: a short-lived one signed with the system account's key)")
	fs.DurationVar(&lf.quiet, "timeout", live.DefaultQuiet, "how long to wait for the servers' next answer")
	return lf
}

// dial connects to the system account of the servers. Without -creds it
// reads the system account's key from the keystore to sign a user.
func (ws *workspace) dial(ctx context.Context, lf *liveFlags, st *state.State) (*live.Session, bool) {
	urls, err := live.ServerURLs(lf.servers, st)
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	var auth *live.Auth
	if lf.creds != "" {
		auth = live.CredsAuth(ws.c.path(lf.creds))
	} else {
		keys, _, ok := ws.custody()
		if !ok {
			return nil, false
		}
		if auth, err = live.KeystoreAuth(st, custody.Getter{C: keys}); err != nil {
			ws.c.errorf("%v", err)
			return nil, false
		}
	}
	s, err := live.Dial(ctx, urls, auth, live.Options{Quiet: lf.quiet})
	if err != nil {
		ws.c.errorf("%v", err)
		if hint := otherOperatorHint(err, st); hint != "" {
			ws.c.errorf("%s", hint)
		}
		return nil, false
	}
	return s, true
}

// otherOperatorHint explains a refused sign-in, which nats.go reports in
// words that point nowhere ("expected 'PONG', got 'PING'" when the
// server, not knowing the account, never answers the handshake): a
// server in operator mode refuses users of accounts it cannot resolve,
// and all of a state's accounts are unknown to servers that trust
// another operator. live.Dial joins the servers' errors as text, so the
// text is what is matched.
func otherOperatorHint(err error, st *state.State) string {
	msg := strings.ToLower(err.Error())
	if !strings.Contains(msg, "expected 'pong'") && !strings.Contains(msg, "authorization violation") {
		return ""
	}
	op := "this state's operator"
	if r := st.Operator(); r != nil {
		op = fmt.Sprintf("this state's operator %q (%s)", r.Name, r.PublicKey)
	}
	return "the servers refused to sign in the system account's user. The likely cause is that they trust " +
		"another operator than " + op + ": their configuration must name this operator " +
		"(natsplan server-config prints one that does). Else check -creds and the system account."
}
