package adopt

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// ConfigName is the file name the self-check loads the configuration
// under, and so the one its diagnostics name.
const ConfigName = "adopted.hcl"

// selfCheck plans the configuration against the state, as the first
// `natsplan plan` will, and returns a finding for every claim that plan
// would change, plus the configuration's warnings as notes. It is what
// makes adopt's promise checkable: nothing is listed, nothing changes.
func selfCheck(res *Result, now time.Time) (findings []Finding, notes []string) {
	cfg, diags := lang.LoadFiles(map[string][]byte{ConfigName: res.Config},
		lang.LoadOptions{Keys: planner.StateKeys(res.State)})
	if !diags.HasErrors() {
		var p *planner.Plan
		var more hcl.Diagnostics
		p, more = planner.New(cfg, res.State, nil, planner.At(now), planner.WithoutDiffs())
		diags = append(diags, more...)
		if p != nil {
			for _, ch := range p.Changes {
				findings = append(findings, changeFindings(ch, res.State)...)
			}
		}
	}
	for _, d := range diags {
		msg := d.Summary + ": " + d.Detail
		if d.Subject != nil {
			msg = fmt.Sprintf("%s:%d: %s", d.Subject.Filename, d.Subject.Start.Line, msg)
		}
		if d.Severity == hcl.DiagError {
			findings = append(findings, Finding{Address: "configuration", Detail: msg})
		} else {
			notes = append(notes, msg)
		}
	}
	return findings, notes
}

// changeFindings explains one change of the self-check's plan field by
// field: the JWT's claims (with grants' tokens as the planner digests
// them) against the claims the configuration builds.
func changeFindings(ch *planner.Change, st *state.State) []Finding {
	switch {
	case ch.Action == planner.Delete:
		return []Finding{{Address: ch.Address, Detail: "the configuration does not declare it; the first plan would destroy it"}}
	case ch.Action == planner.Create:
		return []Finding{{Address: ch.Address, Detail: "it is not in the state; the first plan would create it"}}
	case ch.Desired == nil || ch.Desired.Claims == nil || ch.Prior == nil:
		return []Finding{{Address: ch.Address, Detail: "the first plan would re-sign it"}}
	}
	before := flatten(priorClaims(ch.Prior, st))
	after := flatten(planner.Canonical(ch.Desired.Claims))
	var out []Finding
	for _, k := range unionKeys(before, after) {
		if k == "iat" || k == "jti" || before[k] == after[k] {
			continue
		}
		out = append(out, Finding{Address: ch.Address, Field: k,
			Detail: fmt.Sprintf("the JWT has %s, the configuration gives %s", orNone(before[k]), orNone(after[k]))})
	}
	if len(out) == 0 {
		out = append(out, Finding{Address: ch.Address, Detail: "the first plan would re-sign it: " + strings.Join(ch.Reasons, "; ")})
	}
	return out
}

// priorClaims decodes the state JWT of r with the planner's view of
// grant tokens: the token of an import that is a grant reads as the
// reference the configuration's claims hold.
func priorClaims(r *state.Resource, st *state.State) jwt.Claims {
	c, err := jwt.Decode(r.JWT)
	if err != nil {
		return nil
	}
	if ac, ok := c.(*jwt.AccountClaims); ok {
		for _, imp := range ac.Imports {
			for addr, g := range st.Resources {
				if g.Kind == state.KindGrant && imp.Token != "" && g.JWT == imp.Token {
					imp.Token = planner.TokenRef(addr, g.Digest)
				}
			}
		}
	}
	return planner.Canonical(c)
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

// flatten maps every leaf of c's JSON to its path: "nats.limits.conn",
// "nats.exports[1].name".
func flatten(c jwt.Claims) map[string]string {
	out := map[string]string{}
	if c == nil {
		return out
	}
	b, err := json.Marshal(c)
	if err != nil {
		return out
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return out
	}
	walk("", v, out)
	return out
}

func walk(path string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			walk(join(path, k), e, out)
		}
	case []any:
		for i, e := range x {
			walk(fmt.Sprintf("%s[%d]", path, i), e, out)
		}
	default:
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // subjects hold ">", shown as written
		_ = enc.Encode(x)
		out[path] = strings.TrimSuffix(b.String(), "\n")
	}
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func unionKeys(a, b map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]string{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
