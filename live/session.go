package live

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// DefaultQuiet is how long natsplan waits for the next answer from the
// servers before it counts those that have not answered as missing.
const DefaultQuiet = 5 * time.Second

// Options tunes how natsplan talks to servers.
type Options struct {
	// Quiet is how long to wait for the next answer; DefaultQuiet if zero.
	// It is a pause in the answers, not a bound on a whole push, so a
	// long push that keeps making progress never times out.
	Quiet time.Duration
}

// Session holds connections to the system account: one per group of
// servers that reach each other (a cluster, or a lone server). A request
// sent on a group's connection reaches every server of the group, and each
// of them answers it.
type Session struct {
	groups []*group
	quiet  time.Duration
	// Unreachable lists the URLs natsplan could not connect to.
	Unreachable []Unreachable
}

// group is one connection and the servers behind it.
type group struct {
	url string
	nc  *nats.Conn
	*discovery
}

// Unreachable is a URL natsplan could not use.
type Unreachable struct {
	URL string
	Err error
}

// Dial connects to every URL and finds the servers behind each. URLs that
// lead to servers found already (another member of the same cluster) add
// nothing; URLs that fail are recorded in Unreachable. Dial fails only when
// no server at all can be used.
func Dial(ctx context.Context, urls []string, auth *Auth, opt Options) (*Session, error) {
	if opt.Quiet <= 0 {
		opt.Quiet = DefaultQuiet
	}
	s := &Session{quiet: opt.Quiet}
	for _, u := range urls {
		if err := s.add(ctx, u, auth); err != nil {
			s.Unreachable = append(s.Unreachable, Unreachable{URL: Redact(u), Err: err})
		}
	}
	if len(s.groups) == 0 {
		s.Close()
		var msgs []string
		for _, u := range s.Unreachable {
			msgs = append(msgs, fmt.Sprintf("%s: %v", u.URL, u.Err))
		}
		return nil, fmt.Errorf("no server could be used: %s", strings.Join(msgs, "; "))
	}
	return s, nil
}

// add connects to u and, unless its server is in a group already, makes a
// new group of the servers it reaches.
func (s *Session) add(ctx context.Context, u string, auth *Auth) error {
	nc, err := connect(u, auth)
	if err != nil {
		return err
	}
	for _, g := range s.groups {
		if slices.Contains(g.servers, nc.ConnectedServerName()) {
			nc.Close()
			return nil
		}
	}
	d, err := discover(ctx, nc, s.quiet)
	if err != nil {
		nc.Close()
		return err
	}
	s.groups = append(s.groups, &group{url: Redact(u), nc: nc, discovery: d})
	return nil
}

// connectTimeout bounds a connection attempt. A server that does not know
// the system account asks its peers for it before refusing, which takes
// its resolver's fetch timeout; waiting longer than that shows the real
// reason instead of an i/o timeout.
const connectTimeout = 10 * time.Second

func connect(u string, auth *Auth) (*nats.Conn, error) {
	authOpt, err := auth.option()
	if err != nil {
		return nil, err
	}
	nc, err := nats.Connect(u, authOpt, nats.Name("natsplan"), nats.Timeout(connectTimeout), nats.DontRandomize())
	if errors.Is(err, nats.ErrAuthorization) {
		return nil, fmt.Errorf("%w (the server does not accept natsplan's system user: does it trust this operator and system account?)", err)
	}
	return nc, err
}

// Close closes every connection.
func (s *Session) Close() {
	for _, g := range s.groups {
		g.nc.Close()
	}
}

// Servers returns the names of every server found, sorted.
func (s *Session) Servers() []string {
	var out []string
	for _, g := range s.groups {
		out = append(out, g.servers...)
	}
	slices.Sort(out)
	return out
}

// Expected returns how many servers should answer each request.
func (s *Session) Expected() int {
	n := 0
	for _, g := range s.groups {
		n += g.expected
	}
	return n
}

// Redact drops a password or token from a URL before it is shown.
func Redact(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return u
	}
	p.User = url.User("redacted")
	return p.String()
}
