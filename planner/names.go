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

// decideAll decides every address of both sides and returns the changes
// in plan order: the operator first, then each account followed by its
// users, then grants. Only the changes are sorted: a plan of a large fleet
// that changes little sorted every entity before.
func decideAll(desired map[string]*Desired, st *state.State) []*Change {
	var out []*Change
	for a, d := range desired {
		if c := decide(a, d, st.Get(a)); c != nil {
			out = append(out, c)
		}
	}
	for a, r := range st.Resources {
		if desired[a] == nil {
			out = append(out, decide(a, nil, r))
		}
	}
	slices.SortFunc(out, func(x, y *Change) int {
		if rx, ry := kindOrder[x.Kind], kindOrder[y.Kind]; rx != ry {
			return rx - ry
		}
		return strings.Compare(x.Address, y.Address)
	})
	return out
}
