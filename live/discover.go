package live

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"time"

	"github.com/nats-io/nats.go"
)

// pingSubject asks every server in reach of the system account for its
// statistics, which name the server and its routes.
const pingSubject = "$SYS.REQ.SERVER.PING"

// statsz is the part of a server's statistics that discovery reads.
type statsz struct {
	Server struct {
		Name string `json:"name"`
		ID   string `json:"id"`
	} `json:"server"`
	Stats struct {
		Routes []struct {
			Name string `json:"name"`
		} `json:"routes"`
		ActiveServers int `json:"active_servers"`
	} `json:"statsz"`
}

// discovery is what a ping found: the servers known to exist and which of
// them answered.
type discovery struct {
	servers  []string // names of the servers that answered or are routed to, sorted
	silent   []string // those of servers that did not answer the ping
	expected int      // at least len(servers); more when a server counts peers it did not name
}

// discover finds the servers reachable through nc. It stops as soon as
// every server named by a route, and as many as the servers count, have
// answered; it waits for quiet only when one of them stays silent. A
// server that is known but silent makes expected larger than servers.
func discover(ctx context.Context, nc *nats.Conn, quiet time.Duration) (*discovery, error) {
	answered, known, counted := map[string]bool{}, map[string]bool{}, 0
	var refused error
	err := scatter(ctx, nc, []request{{subject: pingSubject}}, quiet, func(a answer) bool {
		if noResponders(a.msg) {
			refused = errors.New("no server answered as the system account; is it in operator mode, with this operator and system account?")
			return true
		}
		var s statsz
		if json.Unmarshal(a.msg.Data, &s) != nil || s.Server.Name == "" {
			return false
		}
		answered[s.Server.Name], known[s.Server.Name] = true, true
		for _, r := range s.Stats.Routes {
			if r.Name != "" {
				known[r.Name] = true
			}
		}
		counted = max(counted, s.Stats.ActiveServers)
		return len(answered) == len(known) && len(answered) >= counted
	})
	if refused != nil {
		return nil, refused
	}
	if err != nil && !errors.Is(err, errQuiet) {
		return nil, err
	}
	if len(answered) == 0 {
		return nil, errors.New("no server answered the system account's ping")
	}
	d := &discovery{expected: max(len(known), counted)}
	for name := range known {
		d.servers = append(d.servers, name)
		if !answered[name] {
			d.silent = append(d.silent, name)
		}
	}
	sort.Strings(d.servers)
	sort.Strings(d.silent)
	return d, nil
}
