package planner

import (
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// knownAfterApply is how a key that does not exist yet reads in a plan.
const knownAfterApply = "(known after apply)"

// names resolves public keys to the names reviewers know, and placeholder
// keys to "(known after apply)".
type names struct {
	byKey      map[string]string
	addressOf  map[*state.Resource]string
	tokenGrant map[string]string // grant JWT -> grant address
	pending    map[string]string
}

func newNames(st *state.State, desired map[string]*Desired, pending map[string]string) *names {
	n := &names{byKey: map[string]string{}, addressOf: map[*state.Resource]string{},
		tokenGrant: map[string]string{}, pending: pending}
	for addr, r := range st.Resources {
		n.addressOf[r] = addr
		if r.Kind == state.KindGrant {
			n.tokenGrant[r.JWT] = addr
		} else if r.PublicKey != "" {
			n.byKey[r.PublicKey] = displayKey(addr)
		}
	}
	for addr, d := range desired {
		if d.Kind != state.KindGrant {
			n.byKey[d.PublicKey] = displayKey(addr)
		}
	}
	return n
}

// name returns the display name of a key, or the key itself when unknown
// (an account natsplan does not manage).
func (n *names) name(key string) string {
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

func (n *names) hidePending(s string) string {
	if s == "" {
		return s
	}
	for key := range n.pending {
		if s == quote(key) {
			return knownAfterApply
		}
		s = strings.ReplaceAll(s, key, knownAfterApply)
	}
	return s
}

// markTokens replaces the activation JWTs embedded in a stored account with
// references to the grants they came from, so they compare with the
// references in freshly built claims.
func (n *names) markTokens(ac *jwt.AccountClaims) {
	for _, imp := range ac.Imports {
		if addr, ok := n.tokenGrant[imp.Token]; ok {
			imp.Token = TokenRef(addr, "")
		}
	}
}

var kindOrder = map[state.Kind]int{state.KindOperator: 0, state.KindAccount: 1, state.KindUser: 1, state.KindGrant: 2}

// sortedAddresses lists the addresses of both sides: the operator first,
// then each account followed by its users, then grants.
func sortedAddresses(desired map[string]*Desired, st *state.State) []string {
	kinds := map[string]state.Kind{}
	for a, d := range desired {
		kinds[a] = d.Kind
	}
	for a, r := range st.Resources {
		kinds[a] = r.Kind
	}
	out := make([]string, 0, len(kinds))
	for a := range kinds {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		ki, kj := kindOrder[kinds[out[i]]], kindOrder[kinds[out[j]]]
		if ki != kj {
			return ki < kj
		}
		return out[i] < out[j]
	})
	return out
}
