package natstest

import (
	"fmt"

	"github.com/nats-io/nats-server/v2/server"
)

// StartJetStream runs a nats-server with JetStream, its store in a
// temporary directory, and extra configuration text (accounts, users,
// max_payload) after it; for the JetStream state backend. The server stops
// when the test ends.
func StartJetStream(t TB, extra string) *server.Server {
	t.Helper()
	conf := fmt.Sprintf("jetstream { store_dir: %q }\n%s\n", t.TempDir(), extra)
	return Start(t, conf)
}

// URL is the client URL of s, nats://127.0.0.1:port.
func URL(s *server.Server) string { return s.ClientURL() }
