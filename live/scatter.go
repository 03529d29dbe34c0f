package live

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
)

// request is one system request of a batch.
type request struct {
	subject string
	data    []byte
}

// answer is one reply to request number req of a batch.
type answer struct {
	req int
	msg *nats.Msg
}

// errQuiet says that the servers stopped answering before every answer
// that was waited for arrived.
var errQuiet = errors.New("no answer within the timeout")

// scatter sends every request at once and hands each answer to take, until
// take says it has all it waits for, no answer has arrived for quiet, or
// ctx ends. Requests are pipelined: a batch of a thousand costs one round
// trip plus the servers' work, not a thousand round trips. Every request
// has its own reply subject, so answers are matched to requests whatever
// order the servers answer in; in a cluster, each server answers a request
// on its own.
func scatter(ctx context.Context, nc *nats.Conn, reqs []request, quiet time.Duration, take func(answer) bool) error {
	if len(reqs) == 0 {
		return nil
	}
	inbox := nc.NewInbox()
	answers := make(chan answer, 256)
	stop := make(chan struct{})
	defer close(stop)
	sub, err := nc.Subscribe(inbox+".*", func(m *nats.Msg) {
		i, err := strconv.Atoi(m.Subject[len(inbox)+1:])
		if err != nil || i < 0 || i >= len(reqs) {
			return
		}
		select {
		case answers <- answer{req: i, msg: m}:
		case <-stop:
		}
	})
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	// Answers wait in the subscription while take works; none may be
	// dropped as a slow consumer, or a server would look silent.
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		return err
	}
	for i, r := range reqs {
		m := &nats.Msg{Subject: r.subject, Reply: inbox + "." + strconv.Itoa(i), Data: r.data}
		if err := nc.PublishMsg(m); err != nil {
			return err
		}
	}
	if err := nc.FlushTimeout(quiet); err != nil {
		return err
	}
	return collect(ctx, answers, quiet, take)
}

// collect feeds answers to take until it is satisfied or they stop coming.
func collect(ctx context.Context, answers <-chan answer, quiet time.Duration, take func(answer) bool) error {
	timer := time.NewTimer(quiet)
	defer timer.Stop()
	for {
		select {
		case a := <-answers:
			if take(a) {
				return nil
			}
			timer.Reset(quiet)
		case <-timer.C:
			return errQuiet
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// noResponders reports whether m is the server's note that nobody
// subscribes to the request's subject: no server there handles it.
func noResponders(m *nats.Msg) bool {
	return len(m.Data) == 0 && m.Header.Get("Status") == "503"
}
