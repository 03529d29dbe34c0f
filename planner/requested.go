package planner

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// A replacement is asked for by the operator of natsplan, never by the
// configuration or the state: `plan -replace=ADDRESS` (Terraform's
// flag) gives a user a new key, for creds that leaked. The flag is not
// in any file a pull request could change, and a saved plan binds it
// (Saved.Replace), so apply replaces exactly what the reviewed plan
// showed. The user's state key is forgotten for the plan, so lang and
// the builder give it a new key, as for an entity that is new; its
// account revokes the old key, at the old JWT's iat, as for a user that
// was removed. A replacement that only an edited state explains stays an
// error (stateMismatches).

// Replacing asks for a new key for each address, as -replace does.
func Replacing(addrs []string) Option {
	return func(o *options) { o.replace = append(o.replace, addrs...) }
}

// ForgetReplaced wraps keys so that an address in addrs whose key is the
// one st records has none: lang and the builder then give it a new key.
// A key that differs from the state's (one apply has just made) is kept.
func ForgetReplaced(keys func(string) (string, bool), st *state.State, addrs []string) func(string) (string, bool) {
	if len(addrs) == 0 {
		return keys
	}
	set := make(map[string]bool, len(addrs))
	for _, a := range addrs {
		set[a] = true
	}
	return func(addr string) (string, bool) {
		k, ok := keys(addr)
		if ok && set[addr] {
			if r := st.Get(addr); r != nil && r.PublicKey == k {
				return "", false
			}
		}
		return k, ok
	}
}

// replacedKeys is ForgetReplaced for New, with the set of addresses.
func replacedKeys(keys func(string) (string, bool), st *state.State, addrs []string) (func(string) (string, bool), map[string]bool) {
	if len(addrs) == 0 {
		return keys, nil
	}
	if keys == nil {
		keys = StateKeys(st)
	}
	set := make(map[string]bool, len(addrs))
	for _, a := range addrs {
		set[a] = true
	}
	return ForgetReplaced(keys, st, addrs), set
}

// markRequested marks the replacements -replace asked for, and reports
// an address it cannot replace: only a user that the state holds and
// the configuration still declares.
func markRequested(p *Plan, st *state.State, system string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, addr := range p.Replaced {
		r := st.Get(addr)
		switch {
		case r == nil || p.Desired[addr] == nil:
			diags = append(diags, replaceError(addr, "there is no such entity in both the state and the configuration: only an entity that exists can get a new key"))
			continue
		case r.Kind != state.KindUser && r.Kind != state.KindAccount:
			diags = append(diags, replaceError(addr, fmt.Sprintf("it is %s, and only a user's or an account's key can be replaced", state.Article(r.Kind))))
			continue
		case addr == system:
			// Its key is in the operator JWT the servers are configured
			// with: push would sign in under a key they do not know.
			diags = append(diags, replaceError(addr, "it is the system account, whose key the servers' configuration holds (the operator JWT); replacing it is not supported"))
			continue
		}
		for _, c := range p.Changes {
			if c.Address == addr && c.Action == Replace {
				c.Requested = true
				c.Reasons = append(c.Reasons, requestedReason(c.Kind))
			}
		}
	}
	return diags
}

func replaceError(addr, why string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid -replace",
		Detail: fmt.Sprintf("-replace=%s: %s.", addr, why)}
}

func sortedKeys[V any](set map[string]V) []string {
	if len(set) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(set))
}

// replaceMoved refuses a saved plan applied with other -replace flags
// than it was made with: the replacements are part of what was reviewed.
func (s *Saved) replaceMoved(now *Plan) []string {
	if slices.Equal(s.Replace, now.Replaced) {
		return nil
	}
	return []string{fmt.Sprintf("it was made with -replace=[%s], and apply was given -replace=[%s]; give apply the same -replace flags",
		strings.Join(s.Replace, " "), strings.Join(now.Replaced, " "))}
}

func requestedReason(k state.Kind) string {
	if k == state.KindAccount {
		return "-replace: a new key; its users are re-signed by it, importers follow it, and push deletes the old account from the resolvers"
	}
	return "-replace: a new key; the old key is revoked in its account"
}

// replacedReason explains a re-sign that replacing an account causes:
// a user it signs, or an account that imports from it.
func replacedReason(c *Change, p *Plan) string {
	for _, addr := range p.Replaced {
		if c.Kind == state.KindUser && strings.HasPrefix(c.Address, addr+".user.") {
			return "re-signed: its account gets a new key (-replace=" + addr + ")"
		}
	}
	ac, ok := c.Desired.Claims.(*jwt.AccountClaims)
	if !ok {
		return ""
	}
	for _, imp := range ac.Imports {
		if addr := p.Pending[imp.Account]; addr != "" && slices.Contains(p.Replaced, addr) {
			return "re-signed: it imports from " + addr + ", which gets a new key (-replace)"
		}
	}
	return ""
}

// systemAccount is the address of the configuration's system account,
// or "".
func systemAccount(cfg *lang.Config) string {
	if cfg.Operator == nil || cfg.Operator.SystemAccount == "" {
		return ""
	}
	return "account." + cfg.Operator.SystemAccount
}
