package live

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go"
)

// lookupSubject asks every resolver for the JWT it holds for an account;
// each answers with the JWT, or with an empty message when it holds none.
const lookupSubject = "$SYS.REQ.ACCOUNT.%s.CLAIMS.LOOKUP"

// lookup asks the servers of g for the JWTs they hold for each key and
// returns them per key: one entry per server that answered, "" for a
// server that holds none. The answers do not say which server sent them,
// so callers count them rather than name servers.
func (s *Session) lookup(ctx context.Context, g *group, keys []string) ([][]string, error) {
	reqs := make([]request, len(keys))
	for i, k := range keys {
		reqs[i] = request{subject: fmt.Sprintf(lookupSubject, k)}
	}
	out := make([][]string, len(keys))
	err := s.ask(ctx, g, reqs, func(i int, m *nats.Msg) {
		if !noResponders(m) {
			out[i] = append(out[i], string(m.Data))
		}
	}, nil)
	return out, err
}
