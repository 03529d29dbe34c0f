package live

import (
	"context"
	"slices"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// Drift is how what the resolvers hold differs from the state, at the
// level of claims.
type Drift struct {
	Servers     []string
	Expected    int
	Unreachable []Unreachable
	Unlisted    []string // servers that did not say what they hold
	Missing     []*MissingAccount
	Changed     []*ChangedAccount
	Unmanaged   []*Unmanaged
}

// MissingAccount is an account of the state that some servers lack.
type MissingAccount struct {
	Address   string   `json:"address"`
	PublicKey string   `json:"public_key"`
	Servers   []string `json:"servers"` // servers that do not hold it
}

// ChangedAccount is an account some servers hold with other claims than
// the state's.
type ChangedAccount struct {
	Address   string     `json:"address"`
	PublicKey string     `json:"public_key"`
	Servers   int        `json:"servers"` // how many servers hold other claims
	Of        int        `json:"of"`      // of how many that answered the lookup
	Lines     []DiffLine `json:"lines"`
}

// Empty reports whether the servers hold exactly what the state says.
func (d *Drift) Empty() bool {
	return len(d.Missing) == 0 && len(d.Changed) == 0 && len(d.Unmanaged) == 0
}

// Complete reports whether every server could be asked; a drift check that
// could not see a server must not pass as "no drift".
func (d *Drift) Complete() bool {
	return len(d.Unreachable) == 0 && len(d.Unlisted) == 0
}

// Refresh reads what the resolvers of the session hold (the list of their
// accounts, and a lookup of each) and compares it with st.
func (s *Session) Refresh(ctx context.Context, st *state.State) (*Drift, error) {
	t, err := trustOf(st)
	if err != nil {
		return nil, err
	}
	d := &Drift{Servers: s.Servers(), Expected: s.Expected(), Unreachable: s.Unreachable}
	accounts := Accounts(st)
	missing := make([]*MissingAccount, len(accounts))
	changed := make([]*ChangedAccount, len(accounts))
	for _, g := range s.groups {
		inv, err := s.inventory(ctx, g, t)
		if err != nil {
			return nil, err
		}
		d.Unlisted = append(d.Unlisted, inv.unlisted(g)...)
		d.Unmanaged = append(d.Unmanaged, inv.unmanaged...)
		for i, a := range accounts {
			missing[i] = addMissing(missing[i], a, inv)
		}
		if err := s.compare(ctx, g, st, accounts, changed); err != nil {
			return nil, err
		}
	}
	for i := range accounts {
		if missing[i] != nil {
			d.Missing = append(d.Missing, missing[i])
		}
		if changed[i] != nil && changed[i].Servers > 0 {
			d.Changed = append(d.Changed, changed[i])
		}
	}
	return d, nil
}

// addMissing notes the servers of inv that listed their accounts without a.
func addMissing(m *MissingAccount, a *state.Resource, inv *inventory) *MissingAccount {
	for _, srv := range inv.listed {
		if slices.Contains(inv.holders[a.PublicKey], srv) {
			continue
		}
		if m == nil {
			m = &MissingAccount{Address: addressOf(a), PublicKey: a.PublicKey}
		}
		m.Servers = append(m.Servers, srv)
	}
	return m
}

// compare looks up every account of the state on the servers of g and
// counts the copies whose claims differ from the state's.
func (s *Session) compare(ctx context.Context, g *group, st *state.State, accounts []*state.Resource, out []*ChangedAccount) error {
	keys := make([]string, len(accounts))
	for i, a := range accounts {
		keys[i] = a.PublicKey
	}
	held, err := s.lookup(ctx, g, keys)
	if err != nil {
		return err
	}
	name := namer(st)
	for i, a := range accounts {
		want, err := jwt.DecodeAccountClaims(a.JWT)
		if err != nil {
			continue // a state that does not decode is the planner's to report
		}
		if out[i] == nil {
			out[i] = &ChangedAccount{Address: addressOf(a), PublicKey: a.PublicKey}
		}
		for _, token := range held[i] {
			if token == "" {
				continue // absent: reported as missing from the list
			}
			out[i].Of++
			if token == a.JWT {
				continue
			}
			have, err := jwt.DecodeAccountClaims(token)
			if err == nil && sameClaims(have, want) {
				continue
			}
			out[i].Servers++
			if out[i].Lines == nil {
				out[i].Lines = unreadable(err)
				if err == nil {
					out[i].Lines = diffClaims(have, want, name)
				}
			}
		}
	}
	return nil
}

func unreadable(err error) []DiffLine {
	if err == nil {
		return nil
	}
	return []DiffLine{{'-', "a JWT that does not decode: " + err.Error()}}
}
