package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/state"
)

// cmdServerConfig prints a nats-server configuration for the applied
// state. With -server it also says which running servers run another
// operator JWT than the one it prints (live.OperatorLags), since those
// must be given this configuration before accounts signed by a new
// operator signing key can be pushed.
func cmdServerConfig(c *cli, args []string) int {
	fs := c.flags("server-config")
	ws := c.workspace(fs)
	resolver := fs.String("resolver", live.ResolverMemory, "memory (every account preloaded) or full (accounts pushed)")
	jwtDir := fs.String("jwt-dir", "./jwt", "directory of the full resolver")
	lf := c.liveFlags(fs)
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	st, ok := ws.state()
	if !ok || !ws.verified(st, "configure servers with", nil) {
		return exitError
	}
	var conf strings.Builder
	if err := live.ServerConfig(&conf, st, live.ConfigOptions{Resolver: *resolver, JWTDir: *jwtDir}); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	var lags []live.OperatorLag
	if len(lf.servers) > 0 {
		defer ws.closeCustody()
		if lags, ok = ws.operatorLags(lf, st); !ok {
			return exitError
		}
	}
	c.stdout.Write([]byte(conf.String()))
	printLags(ws, st, lags)
	return exitOK
}

// operatorLags asks the servers which operator JWT they run and compares
// each with the state's.
func (ws *workspace) operatorLags(lf *liveFlags, st *state.State) ([]live.OperatorLag, bool) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sess, ok := ws.dial(ctx, lf, st)
	if !ok {
		return nil, false
	}
	defer sess.Close()
	servers, err := sess.ServerOperators(ctx, st.Operator().PublicKey)
	if err == nil {
		var lags []live.OperatorLag
		if lags, err = live.OperatorLags(st, servers); err == nil {
			return lags, true
		}
	}
	ws.c.errorf("asking the servers which operator JWT they run: %v", err)
	return nil, false
}

// printLags tells, on stderr beside the configuration, which servers run
// another operator JWT than the one printed.
func printLags(ws *workspace, st *state.State, lags []live.OperatorLag) {
	names := map[string]string{}
	for name, k := range st.Operator().SigningKeys {
		names[k] = fmt.Sprintf("`%s` (%s)", name, k)
	}
	named := func(keys []string) string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = k
			if n := names[k]; n != "" {
				out[i] = n
			}
		}
		return strings.Join(out, ", ")
	}
	for _, l := range lags {
		var why []string
		switch {
		case l.Unknown != "":
			why = append(why, "could not be compared: it "+l.Unknown)
		case l.Older:
			why = append(why, "runs an older operator JWT with the same signing keys")
		}
		if len(l.Lacks) > 0 {
			why = append(why, "lacks signing key "+named(l.Lacks)+": accounts signed by it are refused there")
		}
		if len(l.Drops) > 0 {
			why = append(why, "still lists signing key "+named(l.Drops)+", which this operator JWT drops")
		}
		fmt.Fprintf(ws.c.stderr, "Note: server %s runs another operator JWT than this configuration: %s.\n", l.Server, strings.Join(why, "; "))
	}
	if len(lags) > 0 {
		fmt.Fprintln(ws.c.stderr, "Deploy this configuration to those servers and restart or reload them before pushing accounts signed by a new key.")
	}
}
