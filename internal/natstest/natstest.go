// Package natstest starts real nats-servers, embedded in the test process,
// on 127.0.0.1 with random ports. natsplan's tests never mock NATS: they
// load the configuration natsplan writes into one of these servers and
// connect with nats.go clients.
package natstest

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// TB is the part of testing.TB the helpers need; the demo program passes a
// small adapter so it can start servers the same way the tests do.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
	TempDir() string
}

// Start runs a nats-server with the given configuration text (as written by
// `natsplan server-config`), forced onto 127.0.0.1 and a random port, and
// stops it when the test ends.
func Start(t TB, conf string) *server.Server {
	t.Helper()
	s, err := StartConfig(conf, t.TempDir())
	if err != nil {
		t.Fatalf("start nats-server: %v", err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// StartConfig is Start without a test: it writes conf into dir, starts the
// server and waits until it accepts clients. The caller shuts it down.
func StartConfig(conf, dir string) (*server.Server, error) {
	return startWith(conf, dir, nil)
}

// startWith starts a server from conf after adjust (when not nil) has
// changed its options, for settings such as clustering that a test adds
// to the configuration natsplan writes.
func startWith(conf, dir string, adjust func(*server.Options)) (*server.Server, error) {
	path := filepath.Join(dir, "server.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		return nil, err
	}
	opts, err := server.ProcessConfigFile(path)
	if err != nil {
		return nil, fmt.Errorf("nats-server rejects the configuration: %w", err)
	}
	opts.Host, opts.Port = "127.0.0.1", -1
	opts.HTTPPort = 0
	opts.NoLog, opts.NoSigs = true, true
	if adjust != nil {
		adjust(opts)
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("nats-server did not become ready")
	}
	return s, nil
}
