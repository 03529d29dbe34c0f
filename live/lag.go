package live

import (
	"sort"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// A server reads its operator JWT from its configuration at start (or
// reload) only; push cannot bring it up to date. So server-config, given
// servers, says which of them run another operator JWT than the one it
// prints, in the terms that matter for the order of a key change: the
// signing keys they lack (accounts signed by those are refused there)
// and those they still list that the state dropped.

// OperatorLag is how the operator JWT one server runs differs from the
// state's.
type OperatorLag struct {
	Server string
	Lacks  []string // the state's operator signing keys the server's JWT does not list
	Drops  []string // signing keys the server's JWT lists that the state's does not
	// Older is set when the JWTs differ in nothing but other claims.
	Older bool
	// Unknown says why the server's operator JWT could not be compared
	// (ServerOperator.Problem or Silent).
	Unknown string
}

// OperatorLags compares every server's operator JWT with the state's
// and returns the servers that differ, sorted by name.
func OperatorLags(st *state.State, servers []ServerOperator) ([]OperatorLag, error) {
	op, _, err := operatorAndSystem(st)
	if err != nil {
		return nil, err
	}
	oc, err := jwt.DecodeOperatorClaims(op.JWT)
	if err != nil {
		return nil, err
	}
	want := keySet(oc.SigningKeys)
	var out []OperatorLag
	for _, so := range servers {
		l := OperatorLag{Server: so.Server, Unknown: so.Problem + so.Silent}
		if l.Unknown == "" {
			l.Lacks, l.Drops = setMinus(want, so.SigningKeys), setMinus(so.SigningKeys, want)
			l.Older = len(l.Lacks)+len(l.Drops) == 0 && so.JWT != "" && so.JWT != op.JWT
		}
		if l.Unknown != "" || len(l.Lacks)+len(l.Drops) > 0 || l.Older {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Server < out[j].Server })
	return out, nil
}

// setMinus lists the keys of a that b lacks, sorted.
func setMinus(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
