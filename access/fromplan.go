package access

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// FromPlan builds the World a plan would leave: the claims of every
// entity the configuration wants, the planned ones for what changes and
// the state's for what does not. Planned claims are not signed yet; they
// are given the issuer the plan names and an issue time of now (what
// apply will sign them at), and keys not made yet keep their placeholders,
// which are consistent across the plan. The state must be verified first.
func FromPlan(p *planner.Plan, st *state.State, now time.Time) (*World, error) {
	b := &planBuild{p: p, st: st, now: now, accounts: map[string]*Account{},
		acts: map[string]*jwt.ActivationClaims{}, grants: map[string]string{}}
	addrs := make([]string, 0, len(p.Desired))
	for a := range p.Desired {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	var op *jwt.OperatorClaims
	var users []*User
	for _, addr := range addrs {
		c, err := b.claims(addr)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", addr, err)
		}
		switch c := c.(type) {
		case *jwt.OperatorClaims:
			op = c
		case *jwt.AccountClaims:
			b.accounts[addr] = &Account{Address: addr, Claims: c}
		case *jwt.UserClaims:
			users = append(users, &User{Address: addr, Claims: c})
		case *jwt.ActivationClaims:
			ref := planner.TokenRef(addr, p.Desired[addr].Digest)
			b.acts[ref], b.grants[ref] = c, addr
		}
	}
	for _, u := range users {
		i := strings.LastIndex(u.Address, ".user.")
		acc := b.accounts[u.Address[:max(i, 0)]]
		if i < 0 || acc == nil {
			return nil, fmt.Errorf("%s: no account holds this user", u.Address)
		}
		acc.Users = append(acc.Users, u)
	}
	for _, addr := range st.Addresses() {
		// The unchanged importers carry the state's activation JWTs:
		// their grants are named as the state's World names them.
		if r := st.Get(addr); r.Kind == state.KindGrant {
			if token, err := r.LoadJWT(); err == nil {
				b.grants[token] = addr
			}
		}
	}
	list := make([]*Account, 0, len(b.accounts))
	for _, a := range b.accounts {
		list = append(list, a)
	}
	w := New(op, list, now)
	w.grants, w.acts = b.grants, b.acts
	return w, nil
}

type planBuild struct {
	p        *planner.Plan
	st       *state.State
	now      time.Time
	accounts map[string]*Account
	acts     map[string]*jwt.ActivationClaims // token reference -> claims
	grants   map[string]string                // token reference -> grant address
}

// claims returns the claims the entity at addr will carry: the planned
// ones, or the state's when the plan leaves it unchanged.
func (b *planBuild) claims(addr string) (jwt.Claims, error) {
	d := b.p.Desired[addr]
	if d.Claims == nil {
		r := b.st.Get(addr)
		if r == nil {
			return nil, fmt.Errorf("unchanged but not in the state")
		}
		token, err := r.LoadJWT()
		if err != nil {
			return nil, err
		}
		return jwt.Decode(token)
	}
	c := d.Claims
	switch c := c.(type) {
	case *jwt.OperatorClaims:
		cp := *c
		b.sign(&cp.ClaimsData, d)
		return &cp, nil
	case *jwt.AccountClaims:
		cp := *c
		b.sign(&cp.ClaimsData, d)
		return &cp, nil
	case *jwt.UserClaims:
		cp := *c
		b.sign(&cp.ClaimsData, d)
		return &cp, nil
	case *jwt.ActivationClaims:
		cp := *c
		b.sign(&cp.ClaimsData, d)
		return &cp, nil
	}
	return nil, fmt.Errorf("claims of an unknown kind")
}

// sign fills in what signing would: the issuer and the issue time.
func (b *planBuild) sign(cd *jwt.ClaimsData, d *planner.Desired) {
	cd.Issuer = d.SignerKey
	if cd.IssuedAt == 0 {
		cd.IssuedAt = b.now.Unix()
	}
}
