package live

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// DiffLine is one line of a claims-level difference: Action '-' for a line
// only the server's copy has, '+' for one only the state has (what a push
// would put back).
type DiffLine struct {
	Action rune   `json:"-"`
	Text   string `json:"text"`
}

// MarshalJSON writes the action as its glyph, not as a number.
func (l DiffLine) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Action string `json:"action"`
		Text   string `json:"text"`
	}{string(l.Action), l.Text})
}

// sameClaims reports whether two account JWTs carry the same claims. The
// fields that change on every signing (iat, jti) do not count: a server
// holding an older signing of the same claims has not drifted.
func sameClaims(a, b *jwt.AccountClaims) bool {
	return canonical(a) == canonical(b)
}

func canonical(c *jwt.AccountClaims) string {
	cp := *c
	cp.IssuedAt, cp.ID = 0, ""
	b, err := json.Marshal(&cp)
	if err != nil {
		return "unencodable: " + err.Error()
	}
	return string(b)
}

// diffClaims lists, attribute by attribute as plans show them, what the
// server's copy has that the state's has not and the other way round.
func diffClaims(server, want *jwt.AccountClaims, name func(string) string) []DiffLine {
	have, need := attrLines(server, name), attrLines(want, name)
	var out []DiffLine
	for line := range have {
		if !need[line] {
			out = append(out, DiffLine{'-', line})
		}
	}
	for line := range need {
		if !have[line] {
			out = append(out, DiffLine{'+', line})
		}
	}
	if server.Issuer != want.Issuer {
		out = append(out, DiffLine{'-', "issuer = " + server.Issuer}, DiffLine{'+', "issuer = " + want.Issuer})
	}
	if len(out) == 0 {
		// Describe summarizes some fields (an import's token shows as
		// "token"); say that something there differs rather than nothing.
		out = append(out, DiffLine{'~', "claims differ in a field plans summarize (an activation token)"})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Text != out[j].Text {
			return out[i].Text < out[j].Text
		}
		return out[i].Action < out[j].Action
	})
	return out
}

// attrLines renders each top-level attribute as one line.
func attrLines(c *jwt.AccountClaims, name func(string) string) map[string]bool {
	out := map[string]bool{}
	for _, a := range planner.Describe(c, name) {
		out[attrLine(a)] = true
	}
	return out
}

func attrLine(a planner.Attr) string {
	if a.Block == nil {
		return fmt.Sprintf("%s = %s", a.Key, a.Value)
	}
	parts := make([]string, len(a.Block))
	for i, b := range a.Block {
		parts[i] = attrLine(b)
	}
	return fmt.Sprintf("%s { %s }", a.Key, strings.Join(parts, ", "))
}

// namer names the keys of st as plans do: accounts by name, users by
// ACCOUNT.user.NAME; other keys stay keys.
func namer(st *state.State) func(string) string {
	byKey := map[string]string{}
	for addr, r := range st.Resources {
		if r.Kind != state.KindGrant && r.PublicKey != "" {
			byKey[r.PublicKey] = strings.TrimPrefix(addr, "account.")
		}
	}
	return func(k string) string {
		if n, ok := byKey[k]; ok {
			return n
		}
		return k
	}
}
