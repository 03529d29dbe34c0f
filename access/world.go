package access

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
)

// World is the set of claims the analysis reads: the operator's, every
// account's with its users. Activations are the tokens inside the
// accounts' imports, as a resolver serves them.
type World struct {
	Operator *jwt.OperatorClaims // may be nil
	Accounts []*Account          // sorted by address
	Now      time.Time           // the instant expiries are judged at

	byKey  map[string]*Account
	byAddr map[string]*Account
	users  map[string]*User
	grants map[string]string                // activation JWT -> grant address, when known
	acts   map[string]*jwt.ActivationClaims // planned activations, by token reference

	// load, when set, returns the account with a public key that the
	// World was not built with (nil: none such), loaded on first use:
	// PlanChanges builds only what a change touches.
	load func(pub string) *Account

	mu        sync.Mutex
	linkCache map[linkKey][]*link // the imports of an account, resolved once
}

// Account is one account's claims, under its address ("account.A").
type Account struct {
	Address string
	Claims  *jwt.AccountClaims
	Users   []*User // sorted by address

	invalid string // why the server would not load these claims, or ""
}

// User is one user's claims, under its address ("account.A.user.u").
type User struct {
	Address string
	Claims  *jwt.UserClaims
	Account *Account
}

// New indexes accounts (each with its Users) into a World judged at now.
func New(op *jwt.OperatorClaims, accounts []*Account, now time.Time) *World {
	w := &World{Operator: op, Accounts: accounts, Now: now,
		byKey: map[string]*Account{}, byAddr: map[string]*Account{}, users: map[string]*User{},
		linkCache: map[linkKey][]*link{}}
	sort.Slice(accounts, func(i, j int) bool { return accounts[i].Address < accounts[j].Address })
	for _, a := range accounts {
		w.byKey[a.Claims.Subject] = a
		w.byAddr[a.Address] = a
		a.invalid = validate(a.Claims)
		sort.Slice(a.Users, func(i, j int) bool { return a.Users[i].Address < a.Users[j].Address })
		for _, u := range a.Users {
			u.Account = a
			w.users[u.Address] = u
		}
	}
	return w
}

// User returns the user at addr, or nil.
func (w *World) User(addr string) *User { return w.users[addr] }

// Account returns the account at addr, or nil.
func (w *World) Account(addr string) *Account {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.byAddr[addr]
}

// byPub returns the account with public key pub, or nil; a World with a
// load function loads one it was not built with, once.
func (w *World) byPub(pub string) *Account {
	w.mu.Lock()
	defer w.mu.Unlock()
	if a, ok := w.byKey[pub]; ok || w.load == nil {
		return a
	}
	a := w.load(pub)
	w.byKey[pub] = a // nil too: not asked again
	if a != nil {
		a.invalid = validate(a.Claims)
		w.byAddr[a.Address] = a
	}
	return a
}

// name is how an answer names the account with public key pub.
func (w *World) name(pub string) string {
	if a := w.byPub(pub); a != nil {
		return a.Address
	}
	return "account " + pub
}

// expired reports whether claims with these expiry and not-before
// instants are not valid at w.Now.
func (w *World) expired(exp, nbf int64) bool {
	now := w.Now.Unix()
	return (exp != 0 && exp <= now) || (nbf != 0 && nbf > now)
}

// validate returns why a server would refuse to load claims (their
// validation blocks, an expiry included), or "".
func validate(c jwt.Claims) string {
	if ac, ok := c.(*jwt.AccountClaims); ok {
		c = withoutTokenRefs(ac)
	}
	vr := jwt.CreateValidationResults()
	c.Validate(vr)
	if vr.IsBlocking(true) {
		return fmt.Sprint(vr.Errors())
	}
	return ""
}

// name is the user's own name, the last part of its address.
func (u *User) name() string {
	if i := strings.LastIndex(u.Address, "."); i >= 0 {
		return u.Address[i+1:]
	}
	return u.Address
}

// withoutTokenRefs is a copy of planned account claims whose imports
// refer to grants the plan signs (or tokens apply fetches) without
// holding them yet; the activations are checked on their own.
func withoutTokenRefs(ac *jwt.AccountClaims) *jwt.AccountClaims {
	cp := *ac
	cp.Imports = make(jwt.Imports, len(ac.Imports))
	for i, imp := range ac.Imports {
		ic := *imp
		_, ref := planner.ParseTokenRef(ic.Token)
		_, url := planner.ParseURLTokenRef(ic.Token)
		if ref || url {
			ic.Token = ""
		}
		cp.Imports[i] = &ic
	}
	return &cp
}
