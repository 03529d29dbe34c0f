package trust

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// keyPrefix is the kind of nkey each kind of resource records as its
// public key (a grant records the importing account) and as its issuer.
var keyPrefix = map[state.Kind]struct{ key, issuer nkeys.PrefixByte }{
	state.KindOperator: {nkeys.PrefixByteOperator, nkeys.PrefixByteOperator},
	state.KindAccount:  {nkeys.PrefixByteAccount, nkeys.PrefixByteOperator},
	state.KindUser:     {nkeys.PrefixByteUser, nkeys.PrefixByteAccount},
	state.KindGrant:    {nkeys.PrefixByteAccount, nkeys.PrefixByteAccount},
}

// shape checks what can be checked without decoding a JWT, for every
// resource: that it is what its address says, that its keys are keys of
// the right kind, that a user's account is in the state, that there is
// one operator, and that no two entities record the same identity key.
// These are what a hand edit changes without touching a signature.
func (v *verifier) shape() []Problem {
	var out []Problem
	var operators []string
	owners := map[string][]string{}       // identity key -> addresses recording it
	for addr, r := range v.st.Resources { // Verify sorts the problems
		for _, reason := range resourceShape(addr, r) {
			out = append(out, Problem{addr, reason})
		}
		if r.Kind == state.KindOperator {
			operators = append(operators, addr)
		}
		if r.Kind == state.KindUser {
			if acct := parentAccount(addr); v.st.Get(acct) == nil {
				out = append(out, Problem{addr, fmt.Sprintf("its account %s is not in the state", acct)})
			}
		}
		if r.Kind != state.KindGrant && r.PublicKey != "" {
			owners[r.PublicKey] = append(owners[r.PublicKey], addr)
		}
	}
	if len(operators) > 1 {
		sort.Strings(operators)
		for _, a := range operators {
			out = append(out, Problem{a, fmt.Sprintf("the state holds %d operators (%v); natsplan manages one", len(operators), operators)})
		}
	}
	return append(out, duplicates(owners)...)
}

// resourceShape is what is wrong with one resource taken alone.
func resourceShape(addr string, r *state.Resource) []string {
	kind, name, ok := state.ParseAddress(addr)
	if !ok {
		return []string{"this is not an address natsplan writes"}
	}
	var bad []string
	add := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	if r.Kind != kind {
		add("the state records it as a %q, but its address is that of %s", r.Kind, state.Article(kind))
	}
	if r.Name != name {
		add("the state records the name %q, but the address names %q", r.Name, name)
	}
	want := keyPrefix[kind]
	if !isKey(r.PublicKey, want.key) {
		add("the recorded public key %q is not %s", r.PublicKey, keyKind(want.key))
	}
	if !isKey(r.Issuer, want.issuer) {
		add("the recorded issuer %q is not %s", r.Issuer, keyKind(want.issuer))
	}
	for _, n := range sortedNames(r.SigningKeys) {
		if kind != state.KindOperator && kind != state.KindAccount {
			add("%s has no signing keys, but the state records %q", state.Article(kind), n)
		} else if !isKey(r.SigningKeys[n], want.key) {
			add("the recorded signing key %q (%s) is not %s", n, r.SigningKeys[n], keyKind(want.key))
		}
	}
	return bad
}

// duplicates reports identity keys that more than one entity records:
// each entity has a key of its own, so one of them was edited.
func duplicates(owners map[string][]string) []Problem {
	var out []Problem
	for key, addrs := range owners {
		if len(addrs) < 2 {
			continue
		}
		sort.Strings(addrs)
		for _, a := range addrs {
			out = append(out, Problem{a, fmt.Sprintf("the state records the key %s for %d entities (%v); each entity has a key of its own", key, len(addrs), addrs)})
		}
	}
	return out
}

func isKey(key string, prefix nkeys.PrefixByte) bool {
	return nkeys.IsValidPublicKey(key) && nkeys.Prefix(key) == prefix
}

func keyKind(p nkeys.PrefixByte) string {
	switch p {
	case nkeys.PrefixByteOperator:
		return "an operator key (O...)"
	case nkeys.PrefixByteAccount:
		return "an account key (A...)"
	}
	return "a user key (U...)"
}

// parentAccount is the account address of a user address.
func parentAccount(userAddr string) string {
	return userAddr[:max(0, strings.LastIndex(userAddr, ".user."))]
}

func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
