package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/state"
)

// cmdServe runs a nats-server inside natsplan, in operator mode with a
// full resolver holding the applied state, until interrupted: the way to
// try natsplan with nothing else installed. `apply -push` against it
// changes accounts without a restart.
func cmdServe(c *cli, args []string) int {
	fs := c.flags("serve")
	ws := c.workspace(fs)
	listen := fs.String("listen", live.DefaultListen, "host:port to listen on")
	jwtDir := fs.String("jwt-dir", "", "directory of the resolver (default: a temporary one, removed on exit)")
	if pos, ok := parse(fs, args); !ok || len(pos) > 0 {
		if len(pos) > 0 {
			c.errorf("serve takes no arguments")
		}
		return exitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return ws.serve(ctx, *listen, *jwtDir, nil)
}

// serve runs the server until ctx ends. ready, when set, is called with
// the server's URL once it holds the state (tests use it).
func (ws *workspace) serve(ctx context.Context, listen, jwtDir string, ready func(url string)) int {
	st, ok := ws.state()
	if !ok || !ws.verified(st, "serve", nil) {
		return exitError
	}
	if jwtDir != "" { // the server writes account JWTs there
		if err := ws.guard().Check(ws.c.path(jwtDir)); err != nil {
			ws.c.errorf("-jwt-dir: %v", err)
			return exitError
		}
	}
	dir, cleanup, err := resolverDir(ws.c.path(jwtDir), jwtDir == "")
	if err != nil {
		ws.c.errorf("%v", err)
		return exitError
	}
	defer cleanup()
	srv, err := live.StartEmbedded(st, listen, dir)
	if err != nil {
		ws.c.errorf("%v", err)
		return exitError
	}
	defer srv.Shutdown()
	url := srv.ClientURL()
	fmt.Fprintf(ws.c.stdout, "natsplan serve: nats-server %s in operator mode at %s\nResolver: full, in %s\n\n", server.VERSION, url, dir)
	lf := &liveFlags{servers: urlList{url}, quiet: live.DefaultQuiet}
	if code := ws.push(ctx, lf, st); code != exitOK {
		return code
	}
	printServeHelp(ws, st, url)
	if ready != nil {
		ready(url)
	}
	<-ctx.Done()
	fmt.Fprintln(ws.c.stdout, "\nStopping the server.")
	return exitOK
}

// resolverDir returns the resolver directory as an absolute path, making
// a temporary one when none was given.
func resolverDir(given string, temp bool) (string, func(), error) {
	if temp {
		dir, err := os.MkdirTemp("", "natsplan-jwt-")
		return dir, func() { os.RemoveAll(dir) }, err
	}
	dir, err := filepath.Abs(given)
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	return dir, func() {}, err
}

// printServeHelp says how to connect and how to change what is served.
func printServeHelp(ws *workspace, st *state.State, url string) {
	w := ws.c.stdout
	fmt.Fprintln(w, "\nConnect as a user of the config:")
	if acct, user, ok := someUser(st); ok {
		fmt.Fprintf(w, "    natsplan creds %s %s -o %s.creds\n", acct, user, user)
		fmt.Fprintf(w, "    nats --creds %s.creds --server %s sub '>'\n", user, url)
	} else {
		fmt.Fprintln(w, "    (the config has no users yet; add one, then apply -push)")
	}
	fmt.Fprintf(w, "Change the config, then apply it to this server without a restart:\n    natsplan apply -push -server=%s\n", url)
	fmt.Fprintf(w, "Check that the server matches the state:\n    natsplan plan -refresh-only -server=%s\n", url)
	fmt.Fprintln(w, "\nRunning until interrupted (Ctrl-C).")
}

// someUser returns the first user of the state, for an example command.
func someUser(st *state.State) (account, user string, ok bool) {
	for _, addr := range st.Addresses() {
		if st.Resources[addr].Kind == state.KindUser {
			return strings.Cut(strings.TrimPrefix(addr, "account."), ".user.")
		}
	}
	return "", "", false
}
