package live

import (
	"context"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// updateSubject takes an account JWT; every full resolver that receives it
// stores it, applies it to the live account and answers.
const updateSubject = "$SYS.REQ.CLAIMS.UPDATE"

// PushOptions tunes a push.
type PushOptions struct {
	// Operator signs the request that deletes accounts the state no longer
	// holds. Without it such accounts are reported and the push fails.
	Operator nkeys.KeyPair
	// Progress, when set, is told how many accounts every server has
	// answered for, as answers arrive.
	Progress func(done, total int)
}

// AccountPush is what happened to one account's JWT.
type AccountPush struct {
	Address   string // account.NAME in state
	PublicKey string
	Answers   []Answer // one per server that answered the update
	Missing   []string // servers that were expected to answer and did not
	Expected  int      // servers that should hold the JWT
	Held      int      // servers whose lookup returned exactly the JWT pushed
}

// OK reports whether every expected server accepted the JWT and holds it.
func (a *AccountPush) OK() bool {
	for _, ans := range a.Answers {
		if !ans.OK {
			return false
		}
	}
	return len(a.Missing) == 0 && a.Held == a.Expected
}

// PushReport is the outcome of a push, account by account and server by
// server.
type PushReport struct {
	Servers     []string // every server found
	Expected    int      // servers each account must reach
	Unreachable []Unreachable
	Accounts    []*AccountPush
	Prune       *PruneReport
	// Unchecked are the servers that did not say which operator JWT they
	// run: push could not check its accounts against it (checkOrder).
	Unchecked []ServerOperator
}

// OK reports whether the push reached every server for every account,
// every server accepted it, and every deletion took effect.
func (r *PushReport) OK() bool {
	if len(r.Unreachable) > 0 || !r.Prune.OK() {
		return false
	}
	for _, a := range r.Accounts {
		if !a.OK() {
			return false
		}
	}
	return true
}

// Push sends every account JWT in st to the servers of the session,
// checks that each server holds it, and deletes the accounts that the
// operator signed but the state no longer holds. The error is for a
// failure to talk to the servers at all, or an *OrderRefusal when some
// server runs an operator JWT that does not trust an account's issuer,
// in which case nothing was sent; what servers answered, refusals
// included, is in the report.
func (s *Session) Push(ctx context.Context, st *state.State, opt PushOptions) (*PushReport, error) {
	t, err := trustOf(st)
	if err != nil {
		return nil, err
	}
	accounts := Accounts(st)
	unchecked, err := s.checkOrder(ctx, st, accounts)
	if err != nil {
		return nil, err
	}
	r := &PushReport{Servers: s.Servers(), Expected: s.Expected(), Unreachable: s.Unreachable,
		Prune: &PruneReport{Remaining: map[string]int{}}, Unchecked: unchecked}
	for _, a := range accounts {
		r.Accounts = append(r.Accounts, &AccountPush{Address: addressOf(a), PublicKey: a.PublicKey})
	}
	progress := newProgress(opt.Progress, len(accounts)*len(s.groups))
	for _, g := range s.groups {
		if err := s.update(ctx, g, accounts, r.Accounts, progress); err != nil {
			return nil, err
		}
		if err := s.verify(ctx, g, accounts, r.Accounts); err != nil {
			return nil, err
		}
		if err := s.prune(ctx, g, t, opt.Operator, r.Prune); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// update sends every account's JWT to the servers of g at once and
// records each server's answer.
func (s *Session) update(ctx context.Context, g *group, accounts []*state.Resource, out []*AccountPush, progress func()) error {
	reqs := make([]request, len(accounts))
	for i, a := range accounts {
		reqs[i] = request{subject: updateSubject, data: []byte(a.JWT)}
	}
	answers := make([][]Answer, len(accounts))
	err := s.ask(ctx, g, reqs, func(i int, m *nats.Msg) {
		if !noResponders(m) {
			answers[i] = append(answers[i], parseAnswer(m.Data))
		}
	}, func(int) { progress() })
	for i, p := range out {
		p.Answers = append(p.Answers, answers[i]...)
		sortAnswers(p.Answers)
		p.Missing = append(p.Missing, missing(answers[i], g.servers, g.expected)...)
		p.Expected += g.expected
	}
	return err
}

// verify looks every account up again and counts the servers of g that
// hold exactly the JWT just pushed.
func (s *Session) verify(ctx context.Context, g *group, accounts []*state.Resource, out []*AccountPush) error {
	keys := make([]string, len(accounts))
	for i, a := range accounts {
		keys[i] = a.PublicKey
	}
	held, err := s.lookup(ctx, g, keys)
	for i, p := range out {
		for _, token := range held[i] {
			if token == accounts[i].JWT {
				p.Held++
			}
		}
	}
	return err
}

// newProgress counts completed accounts for report, which may be nil.
func newProgress(report func(done, total int), total int) func() {
	done := 0
	return func() {
		done++
		if report != nil {
			report(done, total)
		}
	}
}

// addressOf is the state address of an account resource.
func addressOf(r *state.Resource) string { return "account." + r.Name }
