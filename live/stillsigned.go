package live

import (
	"context"
	"fmt"

	"github.com/nats-io/jwt/v2"
)

// A plan that drops a signing key from the operator's or an account's JWT
// makes every JWT that key issued invalid once the servers load the new
// JWT: accounts the servers still hold signed by a dropped operator
// signing key are refused, and so are the activation tokens in their
// imports issued by a dropped account signing key. The state only knows
// what natsplan signed; the servers may hold older JWTs (not yet pushed)
// or JWTs someone else signed. So plan -server counts them on the servers.

// DroppedKey is a signing key a plan takes out of its owner's JWT.
type DroppedKey struct {
	Key      string // the signing key's public key
	Name     string // its name in the state, "" when the state names none
	Owner    string // the address of the operator or account whose JWT held it
	Operator bool   // an operator signing key (else an account's)
}

// StillSigned is a dropped key and the JWTs on the servers that it issued.
type StillSigned struct {
	DroppedKey
	// JWTs describe each: "account App", "activation for import help of
	// account Imp".
	JWTs []string
}

// StillSigned looks up every account the servers hold (HeldAccounts: of
// each, the newest JWT that verifies) and lists, for each dropped key,
// the account JWTs and the activation tokens in their imports it issued:
// one entry per dropped key, in order, with no JWTs when it issued none.
func (s *Session) StillSigned(ctx context.Context, dropped []DroppedKey) ([]StillSigned, error) {
	held, _, err := s.HeldAccounts(ctx)
	if err != nil {
		return nil, err
	}
	found := make([][]string, len(dropped))
	for _, h := range held {
		ac, err := jwt.DecodeAccountClaims(h.JWT)
		if err != nil {
			continue
		}
		for i, d := range dropped {
			found[i] = append(found[i], issuedBy(ac, d)...)
		}
	}
	out := make([]StillSigned, len(dropped))
	for i, d := range dropped {
		out[i] = StillSigned{DroppedKey: d, JWTs: found[i]}
	}
	return out, nil
}

// issuedBy lists the JWTs of account ac that d issued: the account JWT
// itself for an operator key, the activations of its imports for an
// account key.
func issuedBy(ac *jwt.AccountClaims, d DroppedKey) []string {
	if d.Operator {
		if ac.Issuer == d.Key {
			return []string{fmt.Sprintf("account %s (%s)", ac.Name, ac.Subject)}
		}
		return nil
	}
	var out []string
	for _, im := range ac.Imports {
		if im == nil || im.Token == "" {
			continue
		}
		act, err := jwt.DecodeActivationClaims(im.Token)
		if err == nil && act.Issuer == d.Key {
			out = append(out, fmt.Sprintf("activation for import %q of account %s (%s)", im.Name, ac.Name, ac.Subject))
		}
	}
	return out
}
