package live

import (
	"context"
	"encoding/json"
	"slices"
	"sort"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
)

// listSubject asks every full resolver for the keys of all accounts it
// holds; each answers once with its name and the list.
const listSubject = "$SYS.REQ.CLAIMS.LIST"

// Unmanaged is an account a resolver holds that the state does not.
type Unmanaged struct {
	PublicKey string   `json:"public_key"`
	Name      string   `json:"name"`    // from its JWT on the servers
	Issuer    string   `json:"issuer"`  // who signed that JWT
	Ours      bool     `json:"ours"`    // signed by this operator: push deletes it
	Servers   []string `json:"servers"` // servers that hold it
}

// inventory is what the resolvers of one group hold.
type inventory struct {
	holders   map[string][]string // account key -> servers listing it
	listed    []string            // servers that answered the list request
	unmanaged []*Unmanaged
}

// inventory lists what the servers of g hold and looks up the accounts the
// state does not manage, to tell the operator's own leftovers from
// accounts someone else put there.
func (s *Session) inventory(ctx context.Context, g *group, t *trust) (*inventory, error) {
	inv := &inventory{holders: map[string][]string{}}
	err := s.ask(ctx, g, []request{{subject: listSubject}}, func(_ int, m *nats.Msg) {
		var r struct {
			Server struct {
				Name string `json:"name"`
			} `json:"server"`
			Data []string `json:"data"`
		}
		if noResponders(m) || json.Unmarshal(m.Data, &r) != nil {
			return
		}
		inv.listed = append(inv.listed, r.Server.Name)
		for _, k := range r.Data {
			inv.holders[k] = append(inv.holders[k], r.Server.Name)
		}
	}, nil)
	if err != nil {
		return nil, err
	}
	sort.Strings(inv.listed)
	var foreign []string
	for k := range inv.holders {
		if !t.managed[k] {
			foreign = append(foreign, k)
		}
	}
	sort.Strings(foreign)
	jwts, err := s.lookup(ctx, g, foreign)
	if err != nil {
		return nil, err
	}
	for i, k := range foreign {
		inv.unmanaged = append(inv.unmanaged, t.describe(k, jwts[i], inv.holders[k]))
	}
	return inv, nil
}

// describe names an unmanaged account from the first JWT a server returned.
func (t *trust) describe(key string, jwts []string, servers []string) *Unmanaged {
	u := &Unmanaged{PublicKey: key, Servers: slices.Sorted(slices.Values(servers))}
	for _, token := range jwts {
		if ac, err := jwt.DecodeAccountClaims(token); err == nil && ac.Subject == key {
			u.Name, u.Issuer = ac.Name, ac.Issuer
			u.Ours = t.issuers[ac.Issuer] && key != t.system
			break
		}
	}
	return u
}

// unlisted returns the servers of g that did not answer the list request.
func (inv *inventory) unlisted(g *group) []string {
	listed := make([]Answer, len(inv.listed))
	for i, n := range inv.listed {
		listed[i] = Answer{Server: n, OK: true}
	}
	return missing(listed, g.servers, g.expected)
}
