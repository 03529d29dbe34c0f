package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/signal"
	"time"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/state"
)

// cmdPush sends every account JWT of the state to the servers' resolvers,
// checks each server holds it, and deletes from them the accounts this
// operator signed that the state no longer holds. It fails, naming server
// and account, on any refusal or missing answer.
func cmdPush(c *cli, args []string) int {
	fs := c.flags("push")
	ws := c.workspace(fs)
	lf := c.liveFlags(fs)
	if pos, ok := parse(fs, args); !ok || len(pos) > 0 {
		if len(pos) > 0 {
			c.errorf("push takes no arguments; give servers with -server=URL")
		}
		return exitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	defer ws.closeCustody()
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	return ws.push(ctx, lf, st)
}

// push pushes st and prints the report. It first verifies the whole state
// (trust.State): a state that cannot be believed never reaches a server,
// not even the part of it that would pass, since push also deletes what
// the state does not hold.
func (ws *workspace) push(ctx context.Context, lf *liveFlags, st *state.State) int {
	if !ws.verified(st, "push", nil) {
		return exitError
	}
	sess, ok := ws.dial(ctx, lf, st)
	if !ok {
		return exitError
	}
	defer sess.Close()
	var op live.PushOptions
	if keys, _, ok := ws.custody(); ok {
		// Without the operator's key, deletions are reported as not done.
		op.Operator, _ = live.KeystoreOperator(st, custody.Getter{C: keys})
	}
	op.Progress = progressPrinter(ws.c.stderr, time.Now)
	r, err := sess.Push(ctx, st, op)
	var order *live.OrderRefusal
	if errors.As(err, &order) {
		ws.c.errorf("%v", order) // names the accounts, the servers and what to deploy first
		return exitError
	}
	if err != nil {
		ws.c.errorf("push: %v", err)
		return exitError
	}
	printPush(ws.c.stdout, r)
	if !r.OK() {
		ws.c.errorf("push incomplete: %s", pushFailures(r))
		return exitError
	}
	return exitOK
}

// pushFlags add -push to apply.
type pushFlags struct {
	push bool
	live *liveFlags
}

func (c *cli) pushFlags(fs *flag.FlagSet) *pushFlags {
	pf := &pushFlags{}
	fs.BoolVar(&pf.push, "push", false, "after applying, push the account JWTs to the servers (see natsplan push)")
	pf.live = c.liveFlags(fs)
	return pf
}

// after pushes the state an apply just wrote, when -push was given and the
// apply (code) succeeded. It pushes after "No changes" too: the servers
// may still lack what the state holds.
func (pf *pushFlags) after(ctx context.Context, ws *workspace, code int) int {
	if !pf.push || code != exitOK {
		return code
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	ws.c.stdout.Write([]byte("\n"))
	return ws.push(ctx, pf.live, st)
}
