package access

import (
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// PlanChanges is Changes(FromState(st), FromPlan(p, st)) for the plan's
// Access changes section, built from what the plan touches: the accounts
// of its changes and those importing from them two steps out (affected)
// get their users; every other account only its account claims, which
// the imports of the touched ones resolve through. A fleet's one-line
// change so decodes its accounts' JWTs, not its users'.
//
// It returns the addresses of the state whose JWTs it read. The state is
// untrusted: the caller verifies those (trust.Verify) before it shows a
// line of the answer.
func PlanChanges(p *planner.Plan, st *state.State, now time.Time) ([]Change, []string, error) {
	if p.Empty() {
		return nil, nil, nil
	}
	s := &scoped{p: p, st: st, now: now, users: map[string]*jwt.UserClaims{}}
	if err := s.readState(); err != nil {
		return nil, nil, err
	}
	afterAccts, err := s.plannedAccounts()
	if err != nil {
		return nil, nil, err
	}
	touched := s.touched(afterAccts)
	before, err := s.beforeWorld(touched)
	if err != nil {
		return nil, nil, err
	}
	after, err := s.afterWorld(afterAccts, touched)
	if err != nil {
		return nil, nil, err
	}
	after, ghosts := withGhosts(before, after)
	return changesIn(before, after, ghosts, touched), s.loaded, nil
}

// scoped holds what PlanChanges reads once: the state's operator and
// account claims, its users by account, and the user claims it decoded.
type scoped struct {
	p   *planner.Plan
	st  *state.State
	now time.Time

	operator   *jwt.OperatorClaims
	accounts   map[string]*jwt.AccountClaims // state account address -> claims
	userAddrs  map[string][]string           // state account address -> its users' addresses
	grantJWTs  map[string]string             // state activation JWT -> grant address
	grantAddrs []string
	users      map[string]*jwt.UserClaims // state user address -> claims, as decoded
	loaded     []string                   // state addresses whose JWTs were read
	full       bool                       // the operator changes: every account is touched
}

// readState decodes the operator's and every account's JWT of the state,
// on all cores, and lists users and grants without decoding them.
func (s *scoped) readState() error {
	var accts []string
	s.userAddrs = map[string][]string{}
	s.grantJWTs = map[string]string{}
	for _, addr := range s.st.Addresses() {
		switch r := s.st.Get(addr); r.Kind {
		case state.KindOperator:
			token, err := r.LoadJWT()
			if err == nil {
				s.operator, err = jwt.DecodeOperatorClaims(token)
			}
			if err != nil {
				return fmt.Errorf("%s: %v", addr, err)
			}
			s.loaded = append(s.loaded, addr)
		case state.KindAccount:
			accts = append(accts, addr)
		case state.KindUser:
			if acc := accountOfUser(addr); acc != "" {
				s.userAddrs[acc] = append(s.userAddrs[acc], addr)
			}
		case state.KindGrant:
			s.grantAddrs = append(s.grantAddrs, addr)
		}
	}
	claims := make([]*jwt.AccountClaims, len(accts))
	errs := make([]error, len(accts))
	parallel.For(len(accts), 16, func(i int) {
		token, err := s.st.Get(accts[i]).LoadJWT()
		if err == nil {
			claims[i], err = jwt.DecodeAccountClaims(token)
		}
		errs[i] = err
	})
	s.accounts = make(map[string]*jwt.AccountClaims, len(accts))
	for i, addr := range accts {
		if errs[i] != nil {
			return fmt.Errorf("%s: %v", addr, errs[i])
		}
		s.accounts[addr] = claims[i]
	}
	s.loaded = append(s.loaded, accts...)
	s.loaded = append(s.loaded, s.grantAddrs...)
	for _, addr := range s.grantAddrs {
		token, err := s.st.Get(addr).LoadJWT()
		if err != nil {
			return fmt.Errorf("%s: %v", addr, err)
		}
		s.grantJWTs[token] = addr
	}
	return nil
}

// plannedAccounts returns the claims of every account the plan leaves:
// planned ones for what changes (with the issuer and issue time signing
// gives them), the state's for the rest.
func (s *scoped) plannedAccounts() (map[string]*jwt.AccountClaims, error) {
	b := &planBuild{p: s.p, st: s.st, now: s.now}
	out := map[string]*jwt.AccountClaims{}
	for addr, d := range s.p.Desired {
		switch {
		case d.Kind == state.KindOperator && d.Claims != nil:
			s.full = true
		case d.Kind != state.KindAccount:
		case d.Claims == nil:
			ac := s.accounts[addr]
			if ac == nil {
				return nil, fmt.Errorf("%s: unchanged but not in the state", addr)
			}
			out[addr] = ac
		default:
			c, err := b.claims(addr)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", addr, err)
			}
			out[addr] = c.(*jwt.AccountClaims)
		}
	}
	return out, nil
}

// touched returns the accounts whose users' access may change: those
// holding a change (the account, a user, a signing key; a grant's
// exporter), and those importing from them two steps out, as affected
// has it. An operator change touches all.
func (s *scoped) touched(after map[string]*jwt.AccountClaims) map[string]bool {
	out := map[string]bool{}
	if s.full {
		for a := range s.accounts {
			out[a] = true
		}
		for a := range after {
			out[a] = true
		}
		return out
	}
	for _, c := range s.p.Changes {
		if acc := s.accountOf(c.Address, after); acc != "" {
			out[acc] = true
		}
		if c.Kind == state.KindGrant && c.Desired != nil && after[c.Desired.Signer] != nil {
			out[c.Desired.Signer] = true
		}
	}
	importers := map[string][]string{} // exporter address -> importer addresses
	for _, side := range []map[string]*jwt.AccountClaims{s.accounts, after} {
		byKey := make(map[string]string, len(side))
		for addr, ac := range side {
			byKey[ac.Subject] = addr
		}
		for addr, ac := range side {
			for _, imp := range ac.Imports {
				if e, ok := byKey[imp.Account]; ok {
					importers[e] = append(importers[e], addr)
				}
			}
		}
	}
	frontier := make([]string, 0, len(out))
	for a := range out {
		frontier = append(frontier, a)
	}
	for step := 0; step < 2; step++ {
		var next []string
		for _, a := range frontier {
			for _, i := range importers[a] {
				if !out[i] {
					out[i] = true
					next = append(next, i)
				}
			}
		}
		frontier = next
	}
	return out
}

// accountOf returns the address of the account that holds the entity at
// addr (itself, for an account), or "" when none does: the longest
// prefix of addr, ending before a dot, that is an account on either side.
func (s *scoped) accountOf(addr string, after map[string]*jwt.AccountClaims) string {
	for i := len(addr); i > 0; i = strings.LastIndex(addr[:i], ".") {
		if pre := addr[:i]; s.accounts[pre] != nil || after[pre] != nil {
			return pre
		}
	}
	return ""
}

// beforeWorld is the state's World: every account, users only for the
// touched ones.
func (s *scoped) beforeWorld(touched map[string]bool) (*World, error) {
	list := make([]*Account, 0, len(s.accounts))
	for addr, ac := range s.accounts {
		a := &Account{Address: addr, Claims: ac}
		if touched[addr] {
			for _, u := range s.userAddrs[addr] {
				uc, err := s.stateUser(u)
				if err != nil {
					return nil, err
				}
				a.Users = append(a.Users, &User{Address: u, Claims: uc})
			}
		}
		list = append(list, a)
	}
	w := New(s.operator, list, s.now)
	w.grants = s.grantJWTs
	return w, nil
}

// stateUser decodes the state's JWT of the user at addr, once.
func (s *scoped) stateUser(addr string) (*jwt.UserClaims, error) {
	if uc, ok := s.users[addr]; ok {
		return uc, nil
	}
	token, err := s.st.Get(addr).LoadJWT()
	if err == nil {
		var uc *jwt.UserClaims
		if uc, err = jwt.DecodeUserClaims(token); err == nil {
			s.users[addr] = uc
			s.loaded = append(s.loaded, addr)
			return uc, nil
		}
	}
	return nil, fmt.Errorf("%s: %v", addr, err)
}

// afterWorld is the plan's World: every account the plan leaves, users
// only for the touched ones, and the activations of every grant.
func (s *scoped) afterWorld(accts map[string]*jwt.AccountClaims, touched map[string]bool) (*World, error) {
	b := &planBuild{p: s.p, st: s.st, now: s.now}
	byAddr := make(map[string]*Account, len(accts))
	for addr, ac := range accts {
		byAddr[addr] = &Account{Address: addr, Claims: ac}
	}
	grants, acts := map[string]string{}, map[string]*jwt.ActivationClaims{}
	for token, addr := range s.grantJWTs {
		grants[token] = addr
	}
	var op *jwt.OperatorClaims
	for addr, d := range s.p.Desired {
		switch d.Kind {
		case state.KindOperator:
			op = s.operator
			if d.Claims != nil {
				c, err := b.claims(addr)
				if err != nil {
					return nil, fmt.Errorf("%s: %v", addr, err)
				}
				op = c.(*jwt.OperatorClaims)
			}
		case state.KindUser:
			acc := byAddr[accountOfUser(addr)]
			if acc == nil || !touched[acc.Address] {
				continue
			}
			uc, err := s.plannedUser(b, addr, d)
			if err != nil {
				return nil, err
			}
			acc.Users = append(acc.Users, &User{Address: addr, Claims: uc})
		case state.KindGrant:
			c, err := s.plannedGrant(b, addr, d)
			if err != nil {
				return nil, err
			}
			ref := planner.TokenRef(addr, d.Digest)
			acts[ref], grants[ref] = c, addr
		}
	}
	list := make([]*Account, 0, len(byAddr))
	for _, a := range byAddr {
		list = append(list, a)
	}
	w := New(op, list, s.now)
	w.grants, w.acts = grants, acts
	return w, nil
}

func (s *scoped) plannedUser(b *planBuild, addr string, d *planner.Desired) (*jwt.UserClaims, error) {
	if d.Claims == nil {
		return s.stateUser(addr)
	}
	c, err := b.claims(addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", addr, err)
	}
	return c.(*jwt.UserClaims), nil
}

// plannedGrant returns the activation the grant at addr will carry; an
// unchanged one is decoded from the state, as the planned importers'
// references may name it.
func (s *scoped) plannedGrant(b *planBuild, addr string, d *planner.Desired) (*jwt.ActivationClaims, error) {
	if d.Claims == nil {
		r := s.st.Get(addr)
		if r == nil {
			return nil, fmt.Errorf("%s: unchanged but not in the state", addr)
		}
		token, err := r.LoadJWT()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", addr, err)
		}
		ac, err := jwt.DecodeActivationClaims(token)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", addr, err)
		}
		return ac, nil
	}
	c, err := b.claims(addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", addr, err)
	}
	return c.(*jwt.ActivationClaims), nil
}

// accountOfUser is the account address of a user's ("account.A.user.u":
// "account.A"), or "".
func accountOfUser(addr string) string {
	if i := strings.LastIndex(addr, ".user."); i > 0 {
		return addr[:i]
	}
	return ""
}
