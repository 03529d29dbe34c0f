package live

import (
	"context"
	"errors"

	"github.com/nats-io/nats.go"
)

// ask sends reqs to every server of g and passes each answer to got. It
// returns when every request has an answer from each server g expects, or
// when the answers stop coming; requests short of answers then simply
// have fewer, which the caller reports. A request no server subscribes to
// gets the no-responders status, which ends its wait at once. complete,
// when set, is called as each request gets its last answer.
func (s *Session) ask(ctx context.Context, g *group, reqs []request, got func(i int, m *nats.Msg), complete func(i int)) error {
	count, pending := make([]int, len(reqs)), len(reqs)
	err := scatter(ctx, g.nc, reqs, s.quiet, func(a answer) bool {
		if count[a.req] >= g.expected {
			return false // a server the discovery did not count; ignore it
		}
		count[a.req]++
		if noResponders(a.msg) {
			count[a.req] = g.expected
		}
		got(a.req, a.msg)
		if count[a.req] == g.expected {
			pending--
			if complete != nil {
				complete(a.req)
			}
		}
		return pending == 0
	})
	if errors.Is(err, errQuiet) {
		return nil
	}
	return err
}
