// Package flows runs the request/reply flows of the NATS "Services" page
// against a live server, with the creds natsplan produced. The end-to-end
// test and `make demo` both use it, so the demo shows exactly what the test
// proves.
package flows

import (
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// Reply is what the TestAccount service answers.
const Reply = "I will help"

// wait bounds the wait for a reply that should come: generous, as the
// machine may be busy, yet bounded, so that a flow fails rather than hangs.
const wait = 5 * time.Second

// Creds maps "Account/user" to a creds file.
type Creds func(account, user string) string

// Result is one flow: what was tried, whether it was meant to work, and
// what happened.
type Result struct {
	Name    string
	Allowed bool   // the flow is meant to succeed
	OK      bool   // it behaved as meant
	Detail  string // what happened
}

// Services runs the page's flows. accountC is AccountC's public key: its
// requests reach the private service as help.<accountC>.
func Services(url string, creds Creds, accountC string) ([]Result, error) {
	rep, err := nats.Connect(url, nats.UserCredentials(creds("TestAccount", "TestUser")), nats.Name("TestUser"))
	if err != nil {
		return nil, fmt.Errorf("TestUser cannot connect: %w", err)
	}
	defer rep.Close()
	seen := make(chan string, 16)
	if _, err := rep.Subscribe("help", reply(seen)); err != nil {
		return nil, err
	}
	if _, err := rep.Subscribe("help.>", reply(seen)); err != nil {
		return nil, err
	}
	if err := rep.Flush(); err != nil {
		return nil, err
	}
	var out []Result
	out = append(out, request("userb requests help (public service srv)", url, creds("AccountB", "userb"), "help", true, seen, "help"))
	out = append(out, request("userc requests help (private service phelp, through grant)", url, creds("AccountC", "userc"), "help", true, seen, "help."+accountC))
	out = append(out, request("userb requests help.x (no import covers it)", url, creds("AccountB", "userb"), "help.x", false, seen, ""))
	out = append(out, request("userc requests help.other (outside its grant)", url, creds("AccountC", "userc"), "help.other", false, seen, ""))
	return out, nil
}

func reply(seen chan<- string) nats.MsgHandler {
	return func(m *nats.Msg) {
		select {
		case seen <- m.Subject:
		default:
		}
		_ = m.Respond([]byte(Reply))
	}
}

// request sends one request and checks it against what is meant to
// happen: an allowed request gets the reply and arrives at the replier on
// wantSubject; a forbidden one gets no responders or a timeout.
func request(name, url, creds, subject string, allowed bool, seen chan string, wantSubject string) Result {
	r := Result{Name: name, Allowed: allowed}
	nc, err := nats.Connect(url, nats.UserCredentials(creds))
	if err != nil {
		r.Detail = "cannot connect: " + err.Error()
		return r
	}
	defer nc.Close()
	drain(seen)
	msg, err := nc.Request(subject, []byte("me"), wait)
	switch {
	case allowed && err == nil:
		got := received(seen)
		r.OK = string(msg.Data) == Reply && got == wantSubject
		r.Detail = fmt.Sprintf("reply %q; the service received it on %s", msg.Data, got)
	case allowed:
		r.Detail = "refused: " + err.Error()
	case err == nil:
		r.Detail = fmt.Sprintf("answered %q although it should be refused", msg.Data)
	default:
		r.OK = errors.Is(err, nats.ErrNoResponders) || errors.Is(err, nats.ErrTimeout)
		r.Detail = "refused: " + err.Error()
	}
	return r
}

// received is the subject the service saw the request on. The service
// notes it before it replies, so it is there once the reply is; a service
// that replied without noting it would leave nothing, and the flow fails.
func received(seen chan string) string {
	select {
	case got := <-seen:
		return got
	case <-time.After(wait):
		return "(nothing)"
	}
}

func drain(c chan string) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

// Connect reports whether the creds are accepted by the server.
func Connect(url, creds string) error {
	nc, err := nats.Connect(url, nats.UserCredentials(creds), nats.MaxReconnects(0))
	if err != nil {
		return err
	}
	defer nc.Close()
	return nc.Flush()
}
