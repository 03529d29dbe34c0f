package live

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/natsplan/natsplan/state"
)

// DefaultListen is where `natsplan serve` listens unless told otherwise:
// the usual NATS port, on the loopback interface only.
const DefaultListen = "127.0.0.1:4222"

// StartEmbedded runs a nats-server inside this process, in operator mode
// for st with a full resolver in jwtDir (which should be absolute), on
// listen ("host:port"; port 0 picks a free one). The resolver starts with
// the system account only; push the accounts into it. The caller shuts
// the server down.
func StartEmbedded(st *state.State, listen, jwtDir string) (*server.Server, error) {
	host, port, err := splitListen(listen)
	if err != nil {
		return nil, err
	}
	if err := portFree(listen); err != nil {
		return nil, err
	}
	var conf strings.Builder
	if err := ServerConfig(&conf, st, ConfigOptions{Resolver: ResolverFull, JWTDir: jwtDir}); err != nil {
		return nil, err
	}
	opts := &server.Options{}
	if err := opts.ProcessConfigString(conf.String()); err != nil {
		return nil, fmt.Errorf("nats-server rejects the configuration natsplan wrote: %w", err)
	}
	opts.Host, opts.Port = host, port
	opts.ServerName = "natsplan"
	opts.NoSigs = true // natsplan handles interrupts itself
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("nats-server did not start listening on %s", listen)
	}
	return s, nil
}

func splitListen(listen string) (string, int, error) {
	host, p, err := net.SplitHostPort(listen)
	if err != nil {
		return "", 0, fmt.Errorf("-listen %q: want host:port, for example %s", listen, DefaultListen)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("-listen %q: %q is not a port", listen, p)
	}
	if port == 0 {
		port = -1 // nats-server's "any free port"
	}
	return host, port, nil
}

// portFree fails at once when listen is taken; nats-server itself would
// only log the error and never become ready.
func portFree(listen string) error {
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (choose another with -listen)", listen, err)
	}
	return l.Close()
}
