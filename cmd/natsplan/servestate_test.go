package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/state"
)

// cmdServeState is the testscript command `servestate DIR`: it starts a
// real nats-server, embedded in the test process on 127.0.0.1 and a
// random port, in operator mode trusting the operator of DIR's applied
// state (full resolver, natsplan server-config's configuration), sets
// $SERVER_URL to it, and stops it when the script ends.
func cmdServeState(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: servestate DIR")
	}
	st, err := state.Read(filepath.Join(ts.MkAbs(args[0]), "natsplan.state.json"))
	ts.Check(err)
	dir, err := os.MkdirTemp(ts.Getenv("WORK"), ".server")
	ts.Check(err)
	var conf strings.Builder
	ts.Check(live.ServerConfig(&conf, st, live.ConfigOptions{Resolver: live.ResolverFull, JWTDir: filepath.Join(dir, "jwt")}))
	s, err := natstest.StartConfig(conf.String(), dir)
	ts.Check(err)
	ts.Defer(s.Shutdown)
	ts.Setenv("SERVER_URL", s.ClientURL())
}
