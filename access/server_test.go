package access_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/accessgen"
)

// startServer runs an embedded nats-server in operator mode on
// 127.0.0.1 with a random port, its memory resolver preloaded with the
// configuration's accounts.
func startServer(t testing.TB, g *accessgen.Config) *server.Server {
	t.Helper()
	res := &server.MemAccResolver{}
	for _, a := range append([]*accessgen.Account{g.Sys}, g.Accounts...) {
		if err := res.Store(a.Pub, a.JWT); err != nil {
			t.Fatal(err)
		}
	}
	opts := &server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		TrustedOperators: []*jwt.OperatorClaims{g.Op}, SystemAccount: g.Sys.Pub, AccountResolver: res}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("seed %d: %v", g.Seed, err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatalf("seed %d: server not ready", g.Seed)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// probe observes what the server does, preferring positive signals: a
// permission violation, a message that arrives, a no-responders status.
// A message that does not arrive is judged after both sides have
// flushed, which orders it after every delivery the server made.
type probe struct {
	s   *server.Server
	ids atomic.Int64
}

func (p *probe) connect(u *accessgen.User) (*nats.Conn, error) {
	return nats.Connect(p.s.ClientURL(), nats.UserJWTAndSeed(u.JWT, string(u.Seed)),
		nats.NoReconnect(), nats.Timeout(5*time.Second), nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}))
}

func (p *probe) id() string { return fmt.Sprint("q", p.ids.Add(1)) }

// violated flushes nc and reports whether the server refused something
// it sent for lack of permission.
func violated(nc *nats.Conn) (bool, error) {
	if err := nc.Flush(); err != nil {
		return false, err
	}
	err := nc.LastError()
	return errors.Is(err, nats.ErrPermissionViolation), nil
}

func (p *probe) publish(u *accessgen.User, a *accessgen.Account, subject string) (bool, error) {
	watch, err := p.connect(a.Helper)
	if err != nil {
		return false, nil // the account does not load
	}
	defer watch.Close()
	ws, _ := watch.SubscribeSync(">")
	watch.Flush()
	nc, err := p.connect(u)
	if err != nil {
		return false, nil // not admitted
	}
	defer nc.Close()
	id := p.id()
	nc.Publish(subject, []byte(id))
	if v, err := violated(nc); v || err != nil {
		return false, err
	}
	watch.Flush()
	return gotPayload(ws, id), nil
}

// gotPayload drains what sub holds now and reports whether id is there.
func gotPayload(sub *nats.Subscription, id string) bool {
	for {
		m, err := sub.NextMsg(20 * time.Millisecond)
		if err != nil {
			return false
		}
		if string(m.Data) == id {
			return true
		}
	}
}

func (p *probe) subscribe(u *accessgen.User, subject string) (bool, error) {
	nc, err := p.connect(u)
	if err != nil {
		return false, nil
	}
	defer nc.Close()
	nc.SubscribeSync(subject)
	v, err := violated(nc)
	return !v, err
}

// request answers whether a request by u on subject is answered by a
// replier in account to, over a reply inbox of nats.go's shape. The
// replier answers synchronously between flushes, so that a request that
// never reaches it is known without waiting.
func (p *probe) request(u *accessgen.User, to *accessgen.Account, subject string) (bool, error) {
	rep, err := p.connect(to.Helper)
	if err != nil {
		return false, nil // the account does not load
	}
	defer rep.Close()
	rs, _ := rep.SubscribeSync(">")
	rep.Flush()
	nc, err := p.connect(u)
	if err != nil {
		return false, nil
	}
	defer nc.Close()
	inbox := nc.NewInbox()
	sub, _ := nc.SubscribeSync(inbox + ".*")
	if v, err := violated(nc); v || err != nil {
		return false, err
	}
	id := p.id()
	nc.PublishRequest(subject, inbox+".r1", []byte(id))
	if v, err := violated(nc); v || err != nil {
		return false, err
	}
	rep.Flush()
	for {
		m, err := rs.NextMsg(20 * time.Millisecond)
		if err != nil {
			break
		}
		if string(m.Data) == id && m.Reply != "" {
			m.Respond([]byte("from " + to.Name))
		}
	}
	rep.Flush()
	nc.Flush()
	for {
		m, err := sub.NextMsg(20 * time.Millisecond)
		if err != nil {
			return false, nil
		}
		if string(m.Data) == "from "+to.Name {
			return true, nil
		}
	}
}

// receive answers whether a message published on pub by a client of
// account from reaches u subscribed on subject.
func (p *probe) receive(u *accessgen.User, subject string, from *accessgen.Account, pub string) (bool, error) {
	nc, err := p.connect(u)
	if err != nil {
		return false, nil
	}
	defer nc.Close()
	sub, _ := nc.SubscribeSync(subject)
	if v, err := violated(nc); v || err != nil {
		return false, err
	}
	src, err := p.connect(from.Helper)
	if err != nil {
		return false, nil // the account does not load
	}
	defer src.Close()
	id := p.id()
	src.Publish(pub, []byte(id))
	src.Flush()
	nc.Flush()
	return gotPayload(sub, id), nil
}
