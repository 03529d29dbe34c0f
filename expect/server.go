package expect

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// onServer is an embedded nats-server in operator mode on 127.0.0.1 with
// a random port, its memory resolver holding the re-signed accounts, and
// the probes that ask it questions with real clients. The probes prefer
// positive signals (a permission violation, a message that arrives); a
// message that does not arrive is judged after every side has flushed,
// which orders it after every delivery the server made.
type onServer struct {
	s   *server.Server
	sig *signed
	ids atomic.Int64
}

func startServer(sig *signed) (*onServer, error) {
	res := &server.MemAccResolver{}
	for key, token := range sig.accounts {
		if err := res.Store(key, token); err != nil {
			return nil, err
		}
	}
	opts := &server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		TrustedOperators: []*jwt.OperatorClaims{sig.op}, SystemAccount: sig.op.SystemAccount, AccountResolver: res}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("the embedded nats-server did not start")
	}
	return &onServer{s: s, sig: sig}, nil
}

func (o *onServer) close() { o.s.Shutdown() }

func (o *onServer) connect(u *signedUser) (*nats.Conn, error) {
	return nats.Connect(o.s.ClientURL(), nats.UserJWTAndSeed(u.jwt, u.seed), nats.NoReconnect(),
		nats.Timeout(5*time.Second), nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}))
}

func (o *onServer) id() string { return fmt.Sprint("expect-", o.ids.Add(1)) }

// violated flushes nc and reports whether the server refused something
// it sent for lack of permission.
func violated(nc *nats.Conn) bool {
	if err := nc.Flush(); err != nil {
		return true
	}
	return errors.Is(nc.LastError(), nats.ErrPermissionViolation)
}

// drain reports whether sub holds a message with data id now.
func drain(sub *nats.Subscription, id string) bool {
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

// publish: does the user's message on subject get through (a watcher of
// every subject in its account sees it)?
func (o *onServer) publish(user, account, subject string) bool {
	watch, err := o.connect(o.sig.helpers[account])
	if err != nil {
		return false
	}
	defer watch.Close()
	ws, _ := watch.SubscribeSync(">")
	watch.Flush()
	nc, err := o.connect(o.sig.users[user])
	if err != nil {
		return false
	}
	defer nc.Close()
	id := o.id()
	nc.Publish(subject, []byte(id))
	if violated(nc) {
		return false
	}
	watch.Flush()
	return drain(ws, id)
}

func (o *onServer) subscribe(user, subject string) bool {
	nc, err := o.connect(o.sig.users[user])
	if err != nil {
		return false
	}
	defer nc.Close()
	nc.SubscribeSync(subject)
	return !violated(nc)
}

// request: is the user's request on subject answered by a replier in one
// of the accounts to (every account of the plan when to is empty)?
func (o *onServer) request(user string, to []string, subject string) bool {
	type replier struct {
		nc  *nats.Conn
		sub *nats.Subscription
	}
	var reps []replier
	for _, a := range to {
		rc, err := o.connect(o.sig.helpers[a])
		if err != nil {
			continue // the account does not load
		}
		defer rc.Close()
		rs, _ := rc.SubscribeSync(">")
		rc.Flush()
		reps = append(reps, replier{rc, rs})
	}
	nc, err := o.connect(o.sig.users[user])
	if err != nil {
		return false
	}
	defer nc.Close()
	inbox := nc.NewInbox()
	sub, _ := nc.SubscribeSync(inbox + ".*")
	if violated(nc) {
		return false
	}
	id := o.id()
	nc.PublishRequest(subject, inbox+".r", []byte(id))
	if violated(nc) {
		return false
	}
	for _, r := range reps {
		r.nc.Flush()
		for {
			m, err := r.sub.NextMsg(20 * time.Millisecond)
			if err != nil {
				break
			}
			if string(m.Data) == id && m.Reply != "" {
				m.Respond([]byte("reply " + id))
			}
		}
		r.nc.Flush()
	}
	nc.Flush()
	return drain(sub, "reply "+id)
}

// receive: does a message a client of account from publishes on one of
// the subjects reach the user subscribed on subject?
func (o *onServer) receive(user, subject, from string, published []string) bool {
	nc, err := o.connect(o.sig.users[user])
	if err != nil {
		return false
	}
	defer nc.Close()
	sub, _ := nc.SubscribeSync(subject)
	if violated(nc) {
		return false
	}
	src, err := o.connect(o.sig.helpers[from])
	if err != nil {
		return false
	}
	defer src.Close()
	id := o.id()
	for _, p := range published {
		src.Publish(p, []byte(id))
	}
	src.Flush()
	nc.Flush()
	return drain(sub, id)
}
