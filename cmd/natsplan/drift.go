package main

import (
	"context"
	"flag"
	"os"
	"os/signal"

	"github.com/natsplan/natsplan/state"
)

// driftFlags add drift detection to plan: -refresh-only compares only the
// servers with the state; -server alone shows drift above the plan.
type driftFlags struct {
	refreshOnly bool
	live        *liveFlags
}

func (c *cli) driftFlags(fs *flag.FlagSet) *driftFlags {
	df := &driftFlags{}
	fs.BoolVar(&df.refreshOnly, "refresh-only", false, "only compare what the servers' resolvers hold with the state")
	df.live = c.liveFlags(fs)
	return df
}

// active reports whether plan asks the servers anything.
func (df *driftFlags) active() bool { return df.refreshOnly || len(df.live.servers) > 0 }

// show reads the servers, when asked to, and prints how they differ from
// the state. drifted is true when they differ; ok is false on an error,
// including a server that could not be asked, since an unseen server must
// not pass a drift check.
func (df *driftFlags) show(ws *workspace, st *state.State, asJSON bool) (drifted, ok bool) {
	if !df.active() {
		return false, true
	}
	if asJSON && !df.refreshOnly {
		ws.c.errorf("-json shows either a plan or drift: use plan -refresh-only -json for drift")
		return false, false
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sess, ok := ws.dial(ctx, df.live, st)
	if !ok {
		return false, false
	}
	defer sess.Close()
	d, err := sess.Refresh(ctx, st)
	if err != nil {
		ws.c.errorf("reading the servers: %v", err)
		return false, false
	}
	if asJSON {
		err = driftJSON(ws.c.stdout, d)
	} else {
		printDrift(ws.c.stdout, d, df.refreshOnly)
	}
	if err != nil {
		ws.c.errorf("%v", err)
		return false, false
	}
	if !d.Complete() {
		ws.c.errorf("the drift check could not see every server: %s", incomplete(d))
		return !d.Empty(), false
	}
	return !d.Empty(), true
}

// exit is plan -refresh-only's exit code.
func (df *driftFlags) exit(drifted, detailed bool) int {
	if drifted && detailed {
		return exitChanges
	}
	return exitOK
}
