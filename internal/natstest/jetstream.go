package natstest

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

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

// ClusterURL is one URL naming every server of a cluster, the way
// -state takes them: nats://host1:port1,host2:port2.
func ClusterURL(servers []*server.Server) string {
	hosts := make([]string, len(servers))
	for i, s := range servers {
		hosts[i] = strings.TrimPrefix(s.ClientURL(), "nats://")
	}
	return "nats://" + strings.Join(hosts, ",")
}

// StartJetStreamCluster runs n JetStream servers, named n1..nn, in one
// cluster over routes on 127.0.0.1, and returns them once JetStream has
// a meta leader that has heard from every server (see ready). They stop
// when the test ends.
func StartJetStreamCluster(t TB, n int) []*server.Server {
	t.Helper()
	servers, err := JetStreamCluster(t.TempDir(), n)
	for _, s := range servers {
		t.Cleanup(s.Shutdown)
	}
	if err != nil {
		t.Fatalf("%v", err)
	}
	return servers
}

// JetStreamCluster is StartJetStreamCluster without a test (for the
// benchmarks): the servers keep their stores and configurations under
// dir, and the caller shuts them down; on an error, those started are
// returned with it. They start at once: a clustered JetStream server is
// not ready for clients until it has seen its peers.
func JetStreamCluster(dir string, n int) ([]*server.Server, error) {
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("reserving a route port: %v", err)
		}
		ports[i] = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	var routes []*url.URL
	for _, p := range ports {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	servers := make([]*server.Server, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		sdir := filepath.Join(dir, fmt.Sprintf("n%d", i+1))
		conf := fmt.Sprintf("jetstream { store_dir: %q }\n", filepath.Join(sdir, "js"))
		wg.Go(func() {
			if errs[i] = os.MkdirAll(sdir, 0o700); errs[i] != nil {
				return
			}
			servers[i], errs[i] = startWith(conf, sdir, func(o *server.Options) {
				o.ServerName = fmt.Sprintf("n%d", i+1)
				o.Cluster.Name = ClusterName
				o.Cluster.Host, o.Cluster.Port = "127.0.0.1", ports[i]
				o.Routes = routes
			})
		})
	}
	wg.Wait()
	var started []*server.Server
	var err error
	for i, s := range servers {
		if s != nil {
			started = append(started, s)
		}
		if errs[i] != nil && err == nil {
			err = fmt.Errorf("start JetStream cluster server n%d: %v", i+1, errs[i])
		}
	}
	if err != nil {
		return started, err
	}
	for deadline := time.Now().Add(30 * time.Second); !ready(servers); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			return servers, fmt.Errorf("the JetStream cluster elected no meta leader that knows all %d servers", n)
		}
	}
	return servers, nil
}

// ready reports whether a meta leader places streams on every server.
// A leader is elected before it has the statistics of its peers, and it
// places a replica only on a peer whose statistics it has: an R3 stream
// created just after the election fails with "no suitable peers for
// placement" (on a loaded machine, one start in twenty did).
func ready(servers []*server.Server) bool {
	for _, s := range servers {
		if s.JetStreamIsLeader() {
			return len(s.JetStreamClusterPeers()) == len(servers)
		}
	}
	return false
}
