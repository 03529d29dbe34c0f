package live

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
)

// Held is an account JWT the servers' resolvers hold, for adopting what
// runs: the newest JWT that verifies among those the servers returned.
type Held struct {
	PublicKey string
	JWT       string
	Servers   int  // servers that returned this JWT
	Differ    bool // some servers hold another JWT for the account
}

// HeldAccounts lists the accounts every full resolver of the session
// holds ($SYS.REQ.CLAIMS.LIST) and looks each up (CLAIMS.LOOKUP). What
// a server answers is untrusted: a JWT that does not verify or is for
// another account is passed over, and of those left the newest (by iat)
// is taken. Accounts with no JWT that verifies are listed in bad.
func (s *Session) HeldAccounts(ctx context.Context) (held []Held, bad []string, err error) {
	found := map[string][]string{}
	for _, g := range s.groups {
		keys, err := s.listed(ctx, g)
		if err != nil {
			return nil, nil, err
		}
		jwts, err := s.lookup(ctx, g, keys)
		if err != nil {
			return nil, nil, err
		}
		for i, k := range keys {
			found[k] = append(found[k], jwts[i]...)
		}
	}
	for k, tokens := range found {
		if h, ok := newest(k, tokens); ok {
			held = append(held, h)
		} else {
			bad = append(bad, k)
		}
	}
	sort.Slice(held, func(i, j int) bool { return held[i].PublicKey < held[j].PublicKey })
	sort.Strings(bad)
	return held, bad, nil
}

// listed asks the servers of g for the keys of the accounts they hold.
func (s *Session) listed(ctx context.Context, g *group) ([]string, error) {
	seen := map[string]bool{}
	err := s.ask(ctx, g, []request{{subject: listSubject}}, func(_ int, m *nats.Msg) {
		var r struct {
			Data []string `json:"data"`
		}
		if noResponders(m) || json.Unmarshal(m.Data, &r) != nil {
			return
		}
		for _, k := range r.Data {
			seen[k] = true
		}
	}, nil)
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, err
}

// newest picks the newest JWT for key among those servers returned.
func newest(key string, tokens []string) (Held, bool) {
	var h Held
	var iat int64
	count := map[string]int{}
	for _, t := range tokens {
		ac, err := jwt.DecodeAccountClaims(t)
		if err != nil || ac.Subject != key {
			continue
		}
		count[t]++
		if h.JWT == "" || ac.IssuedAt > iat {
			h.JWT, iat = t, ac.IssuedAt
		}
	}
	if h.JWT == "" {
		return h, false
	}
	h.PublicKey, h.Servers, h.Differ = key, count[h.JWT], len(count) > 1
	return h, true
}
