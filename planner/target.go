package planner

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// Target narrows p to the changes at addrs and the changes they need, for
// plan and apply -target. A change needs the changes of the entities it
// is signed under (a user's account, an account's operator, or the owner
// of the signing key), the exporters and grants its imports name, a
// grant's importer, every entity whose new key its claims hold, and, for
// a deleted account, its users. What is left out stays as the state has
// it, for a later plan. Token files of grants left out are left too.
func (p *Plan) Target(addrs []string) (*Plan, error) {
	changes := map[string]*Change{}
	for _, c := range p.Changes {
		changes[c.Address] = c
	}
	want := map[string]bool{}
	var visit func(string)
	visit = func(addr string) {
		if c := changes[addr]; c != nil && !want[addr] {
			want[addr] = true
			for _, n := range p.needs(c) {
				visit(n)
			}
		}
	}
	for _, a := range addrs {
		if p.Desired[a] == nil && changes[a] == nil {
			return nil, fmt.Errorf("-target=%s: the configuration declares no entity at that address, and the state has none", a)
		}
		visit(a)
	}
	out := *p
	out.Changes, out.TokenFiles, out.Pending = nil, nil, map[string]string{}
	for _, c := range p.Changes {
		if want[c.Address] {
			out.Changes = append(out.Changes, c)
		}
	}
	for _, tf := range p.TokenFiles {
		if want[tf.Address] || slices.Contains(addrs, tf.Address) {
			out.TokenFiles = append(out.TokenFiles, tf)
		}
	}
	for key, addr := range p.Pending {
		if want[ownerOf(addr)] {
			out.Pending[key] = addr
		}
	}
	return &out, nil
}

// needs lists the addresses change c needs changed with it.
func (p *Plan) needs(c *Change) []string {
	out := []string{ownerOf(parentOf(c.Address))}
	if c.Action == Delete && c.Kind == state.KindAccount {
		for _, other := range p.Changes {
			if strings.HasPrefix(other.Address, c.Address+".") {
				out = append(out, other.Address)
			}
		}
	}
	d := c.Desired
	if d == nil {
		return out
	}
	out = append(out, ownerOf(d.Signer))
	if ac, ok := d.Claims.(*jwt.AccountClaims); ok {
		for _, imp := range ac.Imports {
			out = append(out, p.accountWithKey(imp.Account))
			if g, ok := ParseTokenRef(imp.Token); ok {
				out = append(out, g)
			}
		}
	}
	if d.Kind == state.KindGrant {
		out = append(out, p.accountWithKey(d.PublicKey))
	}
	return append(out, p.newKeysIn(d)...)
}

// newKeysIn lists the entities whose new (pending) keys d's claims hold:
// they must be created, and their keys stored, by the same apply.
func (p *Plan) newKeysIn(d *Desired) []string {
	if len(p.Pending) == 0 || d.Claims == nil {
		return nil
	}
	b, err := json.Marshal(d.Claims)
	if err != nil {
		return nil
	}
	var out []string
	for key, addr := range p.Pending {
		if strings.Contains(string(b), key) {
			out = append(out, ownerOf(addr))
		}
	}
	sort.Strings(out)
	return out
}

func (p *Plan) accountWithKey(key string) string {
	for addr, d := range p.Desired {
		if d.Kind == state.KindAccount && d.PublicKey == key {
			return addr
		}
	}
	return ""
}

// ownerOf is the entity a signing key belongs to, or addr itself.
func ownerOf(addr string) string {
	if i := strings.LastIndex(addr, ".signing_key."); i >= 0 {
		return addr[:i]
	}
	return addr
}

// parentOf is the account of a user, or "".
func parentOf(addr string) string {
	if i := strings.LastIndex(addr, ".user."); i >= 0 {
		return addr[:i]
	}
	return ""
}
