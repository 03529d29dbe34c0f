package access

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// PlanChanges is Changes(FromState(st), FromPlan(p, st)) for the plan's
// Access changes section, reading only what the change touches: the
// accounts holding a change and those importing from them two steps out
// (as affected has it) are built with their users; any other account is
// decoded only when an import of a touched one resolves through it, and
// its users never. A fleet's one-line change so decodes a few JWTs, not
// every one (FromState does). cfg is the configuration p was made from:
// its imports say who imports from whom without decoding the accounts
// the plan leaves unchanged (whose claims are the configuration's).
//
// It returns the addresses of the state whose JWTs it read. The state is
// untrusted: the caller verifies those (trust.Verify) before it shows a
// line of the answer.
func PlanChanges(p *planner.Plan, cfg *lang.Config, st *state.State, now time.Time) ([]Change, []string, error) {
	if p.Empty() {
		return nil, nil, nil
	}
	s := newScoped(p, st, now)
	touched, err := s.touched(cfg)
	if err != nil {
		return nil, nil, err
	}
	before, err := s.beforeWorld(touched)
	if err != nil {
		return nil, nil, err
	}
	after, err := s.afterWorld(touched)
	if err != nil {
		return nil, nil, err
	}
	after, ghosts := withGhosts(before, after)
	changes := changesIn(before, after, ghosts, touched)
	if s.err != nil { // an account loaded on demand did not decode
		return nil, nil, s.err
	}
	return changes, s.loadedAddresses(), nil
}

// scoped is what PlanChanges reads, each JWT once, on demand.
type scoped struct {
	p   *planner.Plan
	st  *state.State
	now time.Time
	b   *planBuild

	statePub  map[string]string   // public key -> state account address
	planPub   map[string]string   // public key -> planned account address
	stateUsrs map[string][]string // state account address -> its users' addresses
	planUsrs  map[string][]string // planned account address -> its users' addresses
	grantJWTs map[string]string   // state activation JWT -> grant address (not decoded)
	full      bool                // the operator changes: every account is touched

	mu       sync.Mutex
	accounts map[string]*jwt.AccountClaims // state account address -> decoded claims
	users    map[string]*jwt.UserClaims    // state user address -> decoded claims
	loaded   map[string]bool               // state addresses whose JWTs were read
	err      error                         // the first error of a load on demand
}

// newScoped indexes the state and the plan by address and key, decoding
// nothing.
func newScoped(p *planner.Plan, st *state.State, now time.Time) *scoped {
	s := &scoped{p: p, st: st, now: now, b: &planBuild{p: p, st: st, now: now},
		statePub: map[string]string{}, planPub: map[string]string{},
		stateUsrs: map[string][]string{}, planUsrs: map[string][]string{}, grantJWTs: map[string]string{},
		accounts: map[string]*jwt.AccountClaims{}, users: map[string]*jwt.UserClaims{}, loaded: map[string]bool{}}
	for addr, r := range st.Resources {
		switch r.Kind {
		case state.KindAccount:
			s.statePub[r.PublicKey] = addr
		case state.KindUser:
			acc := accountOfUser(addr)
			s.stateUsrs[acc] = append(s.stateUsrs[acc], addr)
		case state.KindGrant:
			if token, err := r.LoadJWT(); err == nil {
				s.grantJWTs[token] = addr
			}
		}
	}
	for addr, d := range p.Desired {
		switch d.Kind {
		case state.KindOperator:
			s.full = s.full || d.Claims != nil
		case state.KindAccount:
			s.planPub[d.PublicKey] = addr
		case state.KindUser:
			acc := accountOfUser(addr)
			s.planUsrs[acc] = append(s.planUsrs[acc], addr)
		}
	}
	return s
}

// touched returns the accounts whose users' access may change: those
// holding a change (the account, a user, a signing key; a grant's
// exporter), and those importing from them two steps out. An operator
// change touches all. Who imports from whom comes from the configuration
// (the plan's side) and from the state's claims of the changed accounts
// (whose imports the plan may remove).
func (s *scoped) touched(cfg *lang.Config) (map[string]bool, error) {
	out := map[string]bool{}
	if s.full {
		for _, addr := range s.statePub {
			out[addr] = true
		}
		for _, addr := range s.planPub {
			out[addr] = true
		}
		return out, nil
	}
	for _, c := range s.p.Changes {
		if acc := s.accountOf(c.Address); acc != "" {
			out[acc] = true
		}
		if c.Kind == state.KindGrant && c.Desired != nil && s.isAccount(c.Desired.Signer) {
			out[c.Desired.Signer] = true
		}
	}
	importers := map[string][]string{} // exporter address -> importer addresses
	for _, a := range cfg.Accounts {
		for _, imp := range a.Imports {
			if imp.From != "" {
				importers["account."+imp.From] = append(importers["account."+imp.From], a.Address())
			}
		}
	}
	for acc := range out {
		if s.statePub[s.stateKey(acc)] == "" {
			continue
		}
		ac, err := s.stateAccount(acc)
		if err != nil {
			return nil, err
		}
		for _, imp := range ac.Imports {
			if e := s.statePub[imp.Account]; e != "" {
				importers[e] = append(importers[e], acc)
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
	return out, nil
}

// stateKey is the public key of the state's account at addr, or "".
func (s *scoped) stateKey(addr string) string {
	if r := s.st.Get(addr); r != nil && r.Kind == state.KindAccount {
		return r.PublicKey
	}
	return ""
}

func (s *scoped) isAccount(addr string) bool {
	if d := s.p.Desired[addr]; d != nil && d.Kind == state.KindAccount {
		return true
	}
	return s.stateKey(addr) != ""
}

// accountOf returns the address of the account that holds the entity at
// addr (itself, for an account), or "" when none does: the longest
// prefix of addr, ending before a dot, that is an account on either side.
func (s *scoped) accountOf(addr string) string {
	for i := len(addr); i > 0; i = strings.LastIndex(addr[:i], ".") {
		if pre := addr[:i]; s.isAccount(pre) {
			return pre
		}
	}
	return ""
}

// stateAccount decodes the state's JWT of the account at addr, once.
func (s *scoped) stateAccount(addr string) (*jwt.AccountClaims, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ac, ok := s.accounts[addr]; ok {
		return ac, nil
	}
	r := s.st.Get(addr)
	if r == nil {
		return nil, fmt.Errorf("%s: not in the state", addr)
	}
	token, err := r.LoadJWT()
	if err == nil {
		var ac *jwt.AccountClaims
		if ac, err = jwt.DecodeAccountClaims(token); err == nil {
			s.accounts[addr], s.loaded[addr] = ac, true
			return ac, nil
		}
	}
	return nil, fmt.Errorf("%s: %v", addr, err)
}

// stateUser decodes the state's JWT of the user at addr, once.
func (s *scoped) stateUser(addr string) (*jwt.UserClaims, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if uc, ok := s.users[addr]; ok {
		return uc, nil
	}
	token, err := s.st.Get(addr).LoadJWT()
	if err == nil {
		var uc *jwt.UserClaims
		if uc, err = jwt.DecodeUserClaims(token); err == nil {
			s.users[addr], s.loaded[addr] = uc, true
			return uc, nil
		}
	}
	return nil, fmt.Errorf("%s: %v", addr, err)
}

// stateOperator decodes the state's operator JWT, or returns nil when
// the state has none.
func (s *scoped) stateOperator() (*jwt.OperatorClaims, error) {
	for addr, r := range s.st.Resources {
		if r.Kind != state.KindOperator {
			continue
		}
		token, err := r.LoadJWT()
		if err == nil {
			var oc *jwt.OperatorClaims
			if oc, err = jwt.DecodeOperatorClaims(token); err == nil {
				s.markLoaded(addr)
				return oc, nil
			}
		}
		return nil, fmt.Errorf("%s: %v", addr, err)
	}
	return nil, nil
}

func (s *scoped) markLoaded(addr string) {
	s.mu.Lock()
	s.loaded[addr] = true
	s.mu.Unlock()
}

// beforeWorld is the state's World: the touched accounts with their
// users, any other loaded when an import resolves through it.
func (s *scoped) beforeWorld(touched map[string]bool) (*World, error) {
	op, err := s.stateOperator()
	if err != nil {
		return nil, err
	}
	var list []*Account
	for addr := range touched {
		if s.stateKey(addr) == "" {
			continue
		}
		ac, err := s.stateAccount(addr)
		if err != nil {
			return nil, err
		}
		a := &Account{Address: addr, Claims: ac}
		for _, u := range s.stateUsrs[addr] {
			uc, err := s.stateUser(u)
			if err != nil {
				return nil, err
			}
			a.Users = append(a.Users, &User{Address: u, Claims: uc})
		}
		list = append(list, a)
	}
	w := New(op, list, s.now)
	w.grants = s.grantJWTs
	w.load = s.loader(s.statePub, s.stateAccount)
	return w, nil
}

// afterWorld is the plan's World: the touched accounts with their users
// and the activations their planned imports refer to, any other account
// loaded when an import resolves through it.
func (s *scoped) afterWorld(touched map[string]bool) (*World, error) {
	op, err := s.plannedOperator()
	if err != nil {
		return nil, err
	}
	grants, acts := map[string]string{}, map[string]*jwt.ActivationClaims{}
	for token, addr := range s.grantJWTs {
		grants[token] = addr
	}
	var list []*Account
	for addr := range touched {
		if d := s.p.Desired[addr]; d == nil || d.Kind != state.KindAccount {
			continue
		}
		ac, err := s.plannedAccount(addr)
		if err != nil {
			return nil, err
		}
		a := &Account{Address: addr, Claims: ac}
		for _, u := range s.planUsrs[addr] {
			uc, err := s.plannedUser(u)
			if err != nil {
				return nil, err
			}
			a.Users = append(a.Users, &User{Address: u, Claims: uc})
		}
		if err := s.activations(ac, grants, acts); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	w := New(op, list, s.now)
	w.grants, w.acts = grants, acts
	w.load = s.loader(s.planPub, s.plannedAccount)
	return w, nil
}

// activations adds the activation each planned import of ac refers to
// (planner.TokenRef): the grant's planned claims, or the state's for a
// grant the plan leaves unchanged.
func (s *scoped) activations(ac *jwt.AccountClaims, grants map[string]string, acts map[string]*jwt.ActivationClaims) error {
	for _, imp := range ac.Imports {
		addr, ok := planner.ParseTokenRef(imp.Token)
		d := s.p.Desired[addr]
		if !ok || d == nil || d.Kind != state.KindGrant {
			continue
		}
		c, err := s.plannedGrant(addr, d)
		if err != nil {
			return err
		}
		acts[imp.Token], grants[imp.Token] = c, addr
	}
	return nil
}

func (s *scoped) plannedOperator() (*jwt.OperatorClaims, error) {
	for addr, d := range s.p.Desired {
		if d.Kind == state.KindOperator && d.Claims != nil {
			c, err := s.b.claims(addr)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", addr, err)
			}
			return c.(*jwt.OperatorClaims), nil
		}
	}
	return s.stateOperator()
}

func (s *scoped) plannedAccount(addr string) (*jwt.AccountClaims, error) {
	d := s.p.Desired[addr]
	if d.Claims == nil {
		return s.stateAccount(addr)
	}
	c, err := s.b.claims(addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", addr, err)
	}
	return c.(*jwt.AccountClaims), nil
}

func (s *scoped) plannedUser(addr string) (*jwt.UserClaims, error) {
	if s.p.Desired[addr].Claims == nil {
		return s.stateUser(addr)
	}
	c, err := s.b.claims(addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", addr, err)
	}
	return c.(*jwt.UserClaims), nil
}

func (s *scoped) plannedGrant(addr string, d *planner.Desired) (*jwt.ActivationClaims, error) {
	if d.Claims == nil {
		r := s.st.Get(addr)
		if r == nil {
			return nil, fmt.Errorf("%s: unchanged but not in the state", addr)
		}
		token, err := r.LoadJWT()
		if err == nil {
			var ac *jwt.ActivationClaims
			if ac, err = jwt.DecodeActivationClaims(token); err == nil {
				s.markLoaded(addr)
				return ac, nil
			}
		}
		return nil, fmt.Errorf("%s: %v", addr, err)
	}
	c, err := s.b.claims(addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", addr, err)
	}
	return c.(*jwt.ActivationClaims), nil
}

// loader is a World's load: the account with a public key, by the index
// and the decoder of one side. An account that does not decode counts
// as absent, and PlanChanges returns the error.
func (s *scoped) loader(byPub map[string]string, claims func(string) (*jwt.AccountClaims, error)) func(string) *Account {
	return func(pub string) *Account {
		addr := byPub[pub]
		if addr == "" {
			return nil
		}
		ac, err := claims(addr)
		if err != nil {
			s.mu.Lock()
			if s.err == nil {
				s.err = err
			}
			s.mu.Unlock()
			return nil
		}
		return &Account{Address: addr, Claims: ac}
	}
}

// loadedAddresses is every state address read, with the grants whose
// activations the loaded accounts' imports carry, sorted.
func (s *scoped) loadedAddresses() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ac := range s.accounts {
		for _, imp := range ac.Imports {
			if g, ok := s.grantJWTs[imp.Token]; ok {
				s.loaded[g] = true
			}
		}
	}
	out := make([]string, 0, len(s.loaded))
	for a := range s.loaded {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// accountOfUser is the account address of a user's ("account.A.user.u":
// "account.A"), or "".
func accountOfUser(addr string) string {
	if i := strings.LastIndex(addr, ".user."); i > 0 {
		return addr[:i]
	}
	return ""
}
