package live

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// deleteSubject takes a JWT signed by the operator whose "accounts" lists
// the keys to delete; resolvers with allow_delete remove them, drop the
// accounts from memory and close their connections.
const deleteSubject = "$SYS.REQ.CLAIMS.DELETE"

// PruneReport is what push did about accounts on the servers that the
// state does not hold.
type PruneReport struct {
	Deleted   []*Unmanaged   // signed by this operator, so deleted
	Kept      []*Unmanaged   // signed by someone else, so left alone
	Answers   []Answer       // each server's answer to the delete request
	Missing   []string       // servers that did not answer it
	Remaining map[string]int // deleted key -> servers that still hold it
	Unlisted  []string       // servers that did not say what they hold
	NoKey     bool           // deletions were due but no operator key was given
}

// OK reports whether every account due for deletion is gone from every
// server that was asked.
func (p *PruneReport) OK() bool {
	if p.NoKey || len(p.Missing) > 0 || len(p.Unlisted) > 0 {
		return false
	}
	for _, a := range p.Answers {
		if !a.OK {
			return false
		}
	}
	for _, n := range p.Remaining {
		if n > 0 {
			return false
		}
	}
	return true
}

// prune deletes from the servers of g the accounts that this operator
// signed and the state no longer holds (accounts removed from the config),
// then looks them up to check they are gone. Accounts signed by anyone
// else are reported and left alone, and so is the system account.
func (s *Session) prune(ctx context.Context, g *group, t *trust, op nkeys.KeyPair, out *PruneReport) error {
	inv, err := s.inventory(ctx, g, t)
	if err != nil {
		return err
	}
	out.Unlisted = append(out.Unlisted, inv.unlisted(g)...)
	var doomed []string
	for _, u := range inv.unmanaged {
		if !u.Ours {
			out.Kept = append(out.Kept, u)
			continue
		}
		out.Deleted = append(out.Deleted, u)
		doomed = append(doomed, u.PublicKey)
	}
	if len(doomed) == 0 {
		return nil
	}
	if op == nil {
		out.NoKey = true
		return nil
	}
	req, err := deleteRequest(op, doomed)
	if err != nil {
		return err
	}
	var answers []Answer
	err = s.ask(ctx, g, []request{{subject: deleteSubject, data: req}}, func(_ int, m *nats.Msg) {
		if !noResponders(m) {
			answers = append(answers, parseAnswer(m.Data))
		}
	}, nil)
	if err != nil {
		return err
	}
	out.Answers = append(out.Answers, answers...)
	sortAnswers(out.Answers)
	out.Missing = append(out.Missing, missing(answers, g.servers, g.expected)...)
	left, err := s.lookup(ctx, g, doomed)
	for i, k := range doomed {
		for _, token := range left[i] {
			if token != "" {
				out.Remaining[k]++
			}
		}
	}
	return err
}

// deleteRequest signs the request that deletes keys. Resolvers accept it
// only when it is signed by, and about, a key of the operator they trust.
// It expires soon, so a captured copy cannot be replayed later.
func deleteRequest(op nkeys.KeyPair, keys []string) ([]byte, error) {
	pub, err := op.PublicKey()
	if err != nil {
		return nil, err
	}
	if !nkeys.IsValidPublicOperatorKey(pub) {
		return nil, errors.New("deletions must be signed with the operator's key")
	}
	gc := jwt.NewGenericClaims(pub)
	gc.Data["accounts"] = keys
	gc.Expires = time.Now().Add(SystemUserTTL).Unix()
	token, err := gc.Encode(op)
	return []byte(token), err
}
