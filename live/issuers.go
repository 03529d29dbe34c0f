package live

import (
	"context"
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// Why push checks issuers first: a nats-server accepts an account JWT only
// when its issuer is the operator's identity key or a signing key of the
// operator JWT in the server's own configuration, which a push cannot
// change. An account moved to a new operator signing key is ahead of
// every server still started with the old operator JWT. Pushed anyway,
// such a server's full resolver stores it and answers "jwt updated",
// yet cannot apply it: the account runs on its old claims until the
// server loads it again (a restart), and then the server refuses it,
// while servers already on the new operator JWT serve the new claims.
// Push would report success over a fleet split in two. So push asks
// every server first which operator JWT it runs and sends nothing unless
// every account would be accepted everywhere. The servers' answers are
// untrusted; they can only stop a push, never widen it.

// IssuerGap is an account whose issuer some servers do not trust.
type IssuerGap struct {
	Address    string // account.NAME
	PublicKey  string
	Issuer     string   // the key that signed its JWT in the state
	IssuerName string   // the operator signing key's name in the state, "" if none
	Servers    []string // servers whose operator JWT lacks Issuer
}

// OrderRefusal is push's refusal to send anything: accounts that some
// servers would refuse, and servers that do not run this operator.
type OrderRefusal struct {
	Gaps     []*IssuerGap
	Problems []ServerOperator // servers whose operator JWT is unreadable or another's
}

// DeployFirst is what to do about a refusal.
const DeployFirst = "deploy the operator JWT from `natsplan server-config` to these servers and restart or reload them, then push again"

func (r *OrderRefusal) Error() string {
	var b strings.Builder
	b.WriteString("refusing to push: nothing was sent")
	for _, g := range r.Gaps {
		who := fmt.Sprintf("operator signing key %s", g.Issuer)
		if g.IssuerName != "" {
			who = fmt.Sprintf("operator signing key %q (%s)", g.IssuerName, g.Issuer)
		}
		servers := "server "
		if len(g.Servers) > 1 {
			servers = "servers "
		}
		fmt.Fprintf(&b, "\n  %s (%s) is signed by %s, which the operator JWT of %s%s does not list",
			g.Address, g.PublicKey, who, servers, strings.Join(g.Servers, ", "))
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "\n  server %s: %s", p.Server, p.Problem)
	}
	b.WriteString("\nThe servers would refuse these accounts: " + DeployFirst + ".")
	return b.String()
}

// checkIssuers compares the issuer of every account JWT of st with the
// operator JWT each server runs. It returns a refusal, or nil, and the
// servers that could not be checked, which the push report names.
func checkIssuers(st *state.State, accounts []*state.Resource, servers []ServerOperator) (*OrderRefusal, []ServerOperator, error) {
	op, _, err := operatorAndSystem(st)
	if err != nil {
		return nil, nil, err
	}
	r := &OrderRefusal{}
	var silent []ServerOperator
	var trusting []ServerOperator
	for _, so := range servers {
		switch {
		case so.Problem != "":
			r.Problems = append(r.Problems, so)
		case so.Silent != "":
			silent = append(silent, so)
		default:
			trusting = append(trusting, so)
		}
	}
	names := signingKeyNames(op)
	for _, a := range accounts {
		issuer := issuerOf(a)
		if issuer == "" || issuer == op.PublicKey {
			continue // the identity key is trusted wherever the operator is
		}
		g := &IssuerGap{Address: addressOf(a), PublicKey: a.PublicKey, Issuer: issuer, IssuerName: names[issuer]}
		for _, so := range trusting {
			if !so.SigningKeys[issuer] {
				g.Servers = append(g.Servers, so.Server)
			}
		}
		if len(g.Servers) > 0 {
			r.Gaps = append(r.Gaps, g)
		}
	}
	if len(r.Gaps) == 0 && len(r.Problems) == 0 {
		r = nil
	}
	return r, silent, nil
}

// issuerOf is who signed a's JWT. The state records it, and push's
// caller verified the state (trust.State checks the record against the
// JWT), so a push of ten thousand accounts does not verify each JWT's
// signature again, which would add a second. A record with no issuer is
// read from the JWT.
func issuerOf(a *state.Resource) string {
	if a.Issuer != "" {
		return a.Issuer
	}
	if ac, err := jwt.DecodeAccountClaims(a.JWT); err == nil {
		return ac.Issuer
	}
	return ""
}

// signingKeyNames maps the operator's signing keys to their names.
func signingKeyNames(op *state.Resource) map[string]string {
	out := map[string]string{}
	for name, key := range op.SigningKeys {
		out[key] = name
	}
	return out
}

// checkOrder asks the servers which operator JWT they run and checks the
// accounts against it (checkIssuers).
func (s *Session) checkOrder(ctx context.Context, st *state.State, accounts []*state.Resource) ([]ServerOperator, error) {
	op, _, err := operatorAndSystem(st)
	if err != nil {
		return nil, err
	}
	servers, err := s.ServerOperators(ctx, op.PublicKey)
	if err != nil {
		return nil, err
	}
	refusal, silent, err := checkIssuers(st, accounts, servers)
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return silent, nil
}
