package natstest

import (
	"fmt"
	"math"
	"net/url"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// ClusterName is the cluster every StartCluster server joins.
const ClusterName = "natsplan-test"

// StartCluster runs one server per configuration, named n1, n2, ..., joined
// into one cluster over routes on 127.0.0.1, and returns them once every
// server has a route to every other. Each configuration must give its
// server a resolver directory of its own. The servers stop when the test
// ends.
func StartCluster(t TB, confs ...string) []*server.Server {
	t.Helper()
	var servers []*server.Server
	var seed *url.URL
	for i, conf := range confs {
		s, err := startWith(conf, t.TempDir(), func(o *server.Options) {
			o.ServerName = fmt.Sprintf("n%d", i+1)
			o.Cluster.Name = ClusterName
			o.Cluster.Host, o.Cluster.Port = "127.0.0.1", -1
			if seed != nil {
				o.Routes = []*url.URL{seed}
			}
		})
		if err != nil {
			t.Fatalf("start cluster server n%d: %v", i+1, err)
		}
		t.Cleanup(s.Shutdown)
		if seed == nil {
			seed = &url.URL{Scheme: "nats-route", Host: s.ClusterAddr().String()}
		}
		servers = append(servers, s)
	}
	if err := waitMesh(servers, 20*time.Second); err != nil {
		t.Fatalf("%v", err)
	}
	return servers
}

// pingSubject is a subject every server subscribes to in its system
// account: a request on it reaches a server only once that server's
// subscriptions have crossed the routes.
const pingSubject = "$SYS.REQ.SERVER.PING"

// waitMesh waits until every server knows every other one, and knows what
// each subscribes to in the system account. Routes gossip their peers, so
// the servers joined through the first one reach each other without being
// told. A server counts a route before the route has sent its
// subscriptions, so a system request sent at once could miss a server:
// each must see the ping subscription of all (its own and one per route).
func waitMesh(servers []*server.Server, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, s := range servers {
		for !meshed(s, len(servers)) {
			if time.Now().After(deadline) {
				return fmt.Errorf("cluster did not form: %s has %d of %d routes, and sees %d of %d servers' system subscriptions",
					s.Name(), s.NumRemotes(), len(servers)-1, systemInterest(s), len(servers))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return nil
}

func meshed(s *server.Server, n int) bool {
	return s.NumRemotes() >= n-1 && systemInterest(s) >= n
}

// systemInterest counts the subscriptions to pingSubject s knows of, its
// own included; with no system account, there is none to wait for.
func systemInterest(s *server.Server) int {
	sys := s.SystemAccount()
	if sys == nil {
		return math.MaxInt
	}
	return sys.Interest(pingSubject)
}
