package apply

import (
	"fmt"
	"sort"
	"strings"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/trust"
)

// Fewest keys: apply needs the seeds of the keys that sign the JWTs its
// plan changes, and no others. So the operator's identity seed can stay
// offline while signing keys do the daily work, and an apply that changes
// only users needs only their accounts' keys. Before anything is signed
// (or any key made), every key of that set is looked up in the custody;
// one that is missing is named with what needs it, and nothing is signed.

// signingNeed is one key the plan signs with and what it signs.
type signingNeed struct {
	key, signer string // public key, and the address of its entity
	needs       []string
	why         string // what the custody says besides "not here"
}

// MissingSigners returns, per key that signs a change of p and that keys
// do not hold, a problem naming the key and what needs it. Keys this
// apply makes (p.Pending) are present by definition.
func MissingSigners(p *planner.Plan, keys custody.Custody) []trust.Problem {
	byKey := map[string]*signingNeed{}
	for _, c := range p.Changes {
		d := c.Desired
		if c.Action == planner.Delete || d == nil || d.SignerKey == "" || p.Pending[d.SignerKey] != "" {
			continue
		}
		n := byKey[d.SignerKey]
		if n == nil {
			if keys.Has(d.SignerKey) {
				byKey[d.SignerKey] = &signingNeed{} // present: remembered, not reported
				continue
			}
			n = &signingNeed{key: d.SignerKey, signer: d.Signer, why: custody.Why(keys, d.SignerKey)}
			byKey[d.SignerKey] = n
		}
		if n.key != "" {
			n.needs = append(n.needs, c.Address)
		}
	}
	var out []trust.Problem
	for _, n := range byKey {
		if n.key == "" {
			continue
		}
		reason := fmt.Sprintf("%s (%s) is needed to sign %s", KeyName(n.signer), n.key, listNeeds(n.needs))
		if n.why != "" {
			reason += ", and cannot be used: " + n.why
		}
		out = append(out, trust.Problem{Address: n.signer, Reason: reason})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// KeyName says which key the entity at addr signs with, as a person
// names it: "operator `O` identity key", "operator signing key `accounts`",
// "account `A` signing key `k`".
func KeyName(addr string) string {
	parts := strings.Split(addr, ".")
	switch {
	case len(parts) == 4 && parts[2] == "signing_key":
		if parts[0] == "operator" {
			return fmt.Sprintf("operator signing key `%s`", parts[3])
		}
		return fmt.Sprintf("account `%s` signing key `%s`", parts[1], parts[3])
	case len(parts) == 2:
		return fmt.Sprintf("%s `%s` identity key", parts[0], parts[1])
	}
	return "the key of " + addr
}

func listNeeds(needs []string) string {
	sort.Strings(needs)
	if len(needs) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(needs[:3], ", "), len(needs)-3)
	}
	return strings.Join(needs, ", ")
}

// UnreadableSigners reads, through keys, every key that signs a change
// of p and that keys hold, and returns a problem for each that cannot be
// used (a sealed seed and a wrong or missing identity, a file others can
// read): apply finds out before it signs anything, not halfway. The
// custody keeps what it read for the signing that follows.
func UnreadableSigners(p *planner.Plan, keys custody.Custody) []trust.Problem {
	seen := map[string]bool{}
	var out []trust.Problem
	for _, c := range p.Changes {
		d := c.Desired
		if c.Action == planner.Delete || d == nil || d.SignerKey == "" || p.Pending[d.SignerKey] != "" || seen[d.SignerKey] {
			continue
		}
		seen[d.SignerKey] = true
		if _, err := keys.Key(d.SignerKey); err != nil {
			out = append(out, trust.Problem{Address: d.Signer, Reason: fmt.Sprintf("%s (%s), needed to sign %s, cannot be read: %v",
				KeyName(d.Signer), d.SignerKey, c.Address, err)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}
