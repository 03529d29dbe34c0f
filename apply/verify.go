package apply

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/state"
)

// Plan stays fast by comparing digests and never decodes an unchanged
// JWT. What is signed, sent or built upon is verified instead: apply
// checks the JWTs of the entities whose keys it signs with (foundations.go),
// push can check what it sends, and `validate -state` checks everything.

// Problem is a JWT in state that cannot be trusted, and why.
type Problem struct {
	Address string
	Reason  string
}

func (p Problem) String() string { return p.Address + ": " + p.Reason }

// VerifyState checks every JWT in st; see Verify.
func VerifyState(st *state.State) []Problem { return Verify(st, nil) }

// Verify checks the JWTs of the resources at addrs (nil: all) on all cores,
// and returns the problems sorted by address, none when all are sound. A
// JWT is sound when it decodes and its signature verifies; its type is its
// resource's kind; its subject, issuer and iat are the ones state records;
// its issuer is the parent entity's key or one of the signing keys the
// parent's own JWT lists (the operator signs itself and accounts, an
// account its users and the activations of its exports); a grant's
// record names an export of its account that the activation fits
// (verify_grant.go); and the claims
// digest in state is the digest of its claims, wherever that can be
// recomputed from state alone.
func Verify(st *state.State, addrs []string) []Problem {
	if addrs == nil {
		addrs = st.Addresses()
	}
	v := newVerifier(st)
	reasons := make([][]string, len(addrs))
	parallel.For(len(addrs), 64, func(i int) { reasons[i] = v.check(addrs[i]) })
	var out []Problem
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

	mu      sync.Mutex
	decoded map[string]jwt.Claims // address -> verified claims, or nil
}

func newVerifier(st *state.State) *verifier {
	v := &verifier{st: st, accounts: map[string]string{}, grantJWTs: map[string]string{},
		decoded: map[string]jwt.Claims{}}
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

// parentClaims returns the verified claims of a parent entity, or nil if
// it is missing or does not verify (which its own check reports).
func (v *verifier) parentClaims(addr string) jwt.Claims {
	v.mu.Lock()
	c, done := v.decoded[addr]
	v.mu.Unlock()
	if done {
		return c
	}
	if r := v.st.Get(addr); r != nil {
		if d, err := jwt.Decode(r.JWT); err == nil && d.Claims().Subject == r.PublicKey {
			c = d
		}
	}
	v.mu.Lock()
	v.decoded[addr] = c
	v.mu.Unlock()
	return c
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

// problemsError joins problems into one message for a refused command:
// the first ten, with a hint on what to do.
func problemsError(intro string, problems []Problem, hint string) error {
	var b strings.Builder
	b.WriteString(intro)
	for i, p := range problems {
		if i == 10 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(problems)-i)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	b.WriteString("\n" + hint)
	return errors.New(b.String())
}
