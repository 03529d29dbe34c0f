package main

import (
	"github.com/natsplan/natsplan/live"
)

// cmdServerConfig prints a nats-server configuration for the applied state.
func cmdServerConfig(c *cli, args []string) int {
	fs := c.flags("server-config")
	ws := c.workspace(fs)
	resolver := fs.String("resolver", live.ResolverMemory, "memory (every account preloaded) or full (accounts pushed)")
	jwtDir := fs.String("jwt-dir", "./jwt", "directory of the full resolver")
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	st, ok := ws.state()
	if !ok || !ws.verified(st, "configure servers with", nil) {
		return exitError
	}
	if err := live.ServerConfig(c.stdout, st, live.ConfigOptions{Resolver: *resolver, JWTDir: *jwtDir}); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	return exitOK
}
