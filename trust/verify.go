package trust

import (
	"sort"
	"strings"
	"sync"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/state"
)

// State checks the whole of st; see Verify.
func State(st *state.State) []Problem { return Verify(st, nil) }

// Verify checks the shape of every resource of st (shape.go: no JWT is
// decoded, so this is cheap) and the JWTs of the resources at addrs (nil:
// all) on all cores (check_jwt.go), and returns the problems sorted by
// address, none when all is sound. A command that builds on part of a
// state verifies that part and its parents: push the operator and the
// accounts, creds one user with its account and the operator.
func Verify(st *state.State, addrs []string) []Problem {
	if addrs == nil {
		addrs = st.Addresses()
	}
	v := newVerifier(st)
	out := v.shape()
	reasons := make([][]string, len(addrs))
	// Parents first: their JWTs, decoded to check them, are kept for
	// checking what they issued, so no JWT is decoded twice.
	parents, others := v.split(addrs)
	parallel.For(len(parents), 16, func(i int) { reasons[parents[i]] = v.check(addrs[parents[i]]) })
	parallel.For(len(others), 64, func(i int) { reasons[others[i]] = v.check(addrs[others[i]]) })
	for i, rs := range reasons {
		for _, r := range rs {
			out = append(out, Problem{addrs[i], r})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// verifier holds what the checks of one state share: the operator, the
// accounts by public key, and the decoded JWTs of parents, decoded once.
type verifier struct {
	st        *state.State
	operator  string            // address of the operator
	accounts  map[string]string // public key -> account address
	grantJWTs map[string]string // grant JWT -> grant address
	foreign   bool              // written by another version: digests are not checked (foreign.go)

	mu      sync.Mutex
	decoded map[string]decoded // operator and accounts: their decoded JWTs
}

// decoded is the outcome of decoding one JWT.
type decoded struct {
	c   jwt.Claims
	err error
}

func newVerifier(st *state.State) *verifier {
	v := &verifier{st: st, accounts: map[string]string{}, grantJWTs: map[string]string{},
		decoded: map[string]decoded{}, foreign: Foreign(st)}
	for addr, r := range st.Resources {
		switch r.Kind {
		case state.KindOperator:
			v.operator = addr
		case state.KindAccount:
			v.accounts[r.PublicKey] = addr
		case state.KindGrant:
			v.grantJWTs[r.JWT] = addr
		}
	}
	return v
}

// split returns the indexes of addrs that are parents (the operator and
// accounts) and of the others.
func (v *verifier) split(addrs []string) (parents, others []int) {
	for i, a := range addrs {
		if r := v.st.Get(a); r != nil && isParent(r.Kind) {
			parents = append(parents, i)
		} else {
			others = append(others, i)
		}
	}
	return parents, others
}

func isParent(k state.Kind) bool { return k == state.KindOperator || k == state.KindAccount }

// decode decodes and verifies the JWT of r, at addr. A parent's is
// decoded once and kept, for its own check and for those of what it
// issued.
func (v *verifier) decode(addr string, r *state.Resource) (jwt.Claims, error) {
	if !isParent(r.Kind) {
		return jwt.Decode(r.JWT)
	}
	v.mu.Lock()
	d, done := v.decoded[addr]
	v.mu.Unlock()
	if done {
		return d.c, d.err
	}
	d.c, d.err = jwt.Decode(r.JWT)
	v.mu.Lock()
	v.decoded[addr] = d
	v.mu.Unlock()
	return d.c, d.err
}

// parentClaims returns the verified claims of a parent entity, or nil if
// it is missing or does not verify (which its own check reports).
func (v *verifier) parentClaims(addr string) jwt.Claims {
	r := v.st.Get(addr)
	if r == nil || !isParent(r.Kind) {
		return nil
	}
	if c, err := v.decode(addr, r); err == nil && c.Claims().Subject == r.PublicKey {
		return c
	}
	return nil
}

// parentOf returns the address of the entity that must have issued the
// JWT of the resource at addr, or "" for the operator, which issues its
// own. issuerAccount is the account a grant's activation names.
func (v *verifier) parentOf(addr string, r *state.Resource, issuerAccount string) string {
	switch r.Kind {
	case state.KindAccount:
		return v.operator
	case state.KindUser:
		if i := strings.LastIndex(addr, ".user."); i > 0 {
			return addr[:i]
		}
	case state.KindGrant:
		return v.accounts[issuerAccount]
	}
	return ""
}

// allowedIssuer reports whether key may sign for the parent whose verified
// claims are pc: the parent's own key or a signing key it lists.
func allowedIssuer(pc jwt.Claims, key string) bool {
	switch c := pc.(type) {
	case *jwt.OperatorClaims:
		return key == c.Subject || c.SigningKeys.Contains(key)
	case *jwt.AccountClaims:
		return key == c.Subject || c.SigningKeys.Contains(key)
	}
	return false
}
