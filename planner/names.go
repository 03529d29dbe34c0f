package planner

import (
	"slices"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// knownAfterApply is how a key that does not exist yet reads in a plan.
const knownAfterApply = "(known after apply)"

// names resolves public keys to the names reviewers know, and placeholder
// keys to "(known after apply)". Its tables are built on first use: a plan
// with no changes never needs them, and for a large fleet building them
// was a good part of the cost of such a plan.
type names struct {
	st      *state.State
	desired map[string]*Desired
	pending map[string]string

	byKey      map[string]string
	tokenGrant map[string]string // grant JWT -> grant address
}

func newNames(st *state.State, desired map[string]*Desired, pending map[string]string) *names {
	return &names{st: st, desired: desired, pending: pending}
}

// tables builds the lookup tables once.
func (n *names) tables() {
	if n.byKey != nil {
		return
	}
	n.byKey, n.tokenGrant = map[string]string{}, map[string]string{}
	for addr, r := range n.st.Resources {
		if r.Kind == state.KindGrant {
			n.tokenGrant[priorJWT(r)] = addr
		} else if r.PublicKey != "" {
			n.byKey[r.PublicKey] = displayKey(addr)
		}
		n.addSigningKeys(addr, r.SigningKeys)
	}
	for addr, d := range n.desired {
		if d.Kind != state.KindGrant {
			n.byKey[d.PublicKey] = displayKey(addr)
		}
		n.addSigningKeys(addr, d.SigningKeys)
	}
}

// name returns the display name of a key, or the key itself when unknown
// (an account natsplan does not manage).
func (n *names) name(key string) string {
	n.tables()
	if v, ok := n.byKey[key]; ok {
		return v
	}
	return key
}

// display replaces placeholder keys in rendered values.
func (n *names) display(diffs []AttrDiff) []AttrDiff {
	if len(n.pending) == 0 {
		return diffs
	}
	for i := range diffs {
		diffs[i].Before = n.hidePending(diffs[i].Before)
		diffs[i].After = n.hidePending(diffs[i].After)
		diffs[i].Key = n.hidePending(diffs[i].Key)
		diffs[i].Block = n.display(diffs[i].Block)
	}
	return diffs
}

// markTokens replaces the activation JWTs embedded in a stored account with
// references to the grants they came from, so they compare with the
// references in freshly built claims.
func (n *names) markTokens(ac *jwt.AccountClaims) {
	n.tables()
	for _, imp := range ac.Imports {
		if addr, ok := n.tokenGrant[imp.Token]; ok {
			imp.Token = TokenRef(addr, "")
		}
	}
}

var kindOrder = map[state.Kind]int{state.KindOperator: 0, state.KindAccount: 1, state.KindUser: 1, state.KindGrant: 2}

// sortedAddresses lists the addresses of both sides: the operator first,
// then each account followed by its users, then grants. Each address is
// paired with its rank once, so sorting compares plain values rather than
// looking kinds up in maps (it sorts every entity of a fleet on each plan).
func sortedAddresses(desired map[string]*Desired, st *state.State) []string {
	type ranked struct {
		rank int
		addr string
	}
	all := make([]ranked, 0, max(len(desired), len(st.Resources)))
	for a, d := range desired {
		all = append(all, ranked{kindOrder[d.Kind], a})
	}
	for a, r := range st.Resources {
		if desired[a] == nil {
			all = append(all, ranked{kindOrder[r.Kind], a})
		}
	}
	slices.SortFunc(all, func(x, y ranked) int {
		if x.rank != y.rank {
			return x.rank - y.rank
		}
		return strings.Compare(x.addr, y.addr)
	})
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = r.addr
	}
	return out
}
