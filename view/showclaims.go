package view

// show and plan describe claims alike: every claim a JWT in state
// carries, through claimview, in the language's names and units.

import (
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/claimview"
)

// ClaimAttr is one attribute of a JWT's claims in `show -json`: as a plan
// names it, with its value rendered as a plan renders it.
type ClaimAttr struct {
	Key   string      `json:"key"`
	Value string      `json:"value,omitempty"`
	Block []ClaimAttr `json:"block,omitempty"`
	// Default marks a value equal to the default (text show leaves
	// these out), and a block shown only for what it holds.
	Default bool `json:"default,omitempty"`
}

func claimAttrs(c jwt.Claims, name claimview.Namer) []ClaimAttr {
	return toClaimAttrs(claimview.Describe(c, name))
}

func toClaimAttrs(attrs []claimview.Attr) []ClaimAttr {
	out := make([]ClaimAttr, 0, len(attrs))
	for _, a := range attrs {
		ca := ClaimAttr{Key: a.Key, Value: a.Value, Default: a.Default}
		if a.Block != nil {
			ca.Block = toClaimAttrs(a.Block)
		}
		out = append(out, ca)
	}
	return out
}

func fromClaimAttrs(attrs []ClaimAttr) []claimview.Attr {
	out := make([]claimview.Attr, 0, len(attrs))
	for _, a := range attrs {
		ca := claimview.Attr{Key: a.Key, Value: a.Value, Default: a.Default}
		if a.Block != nil || a.Value == "" {
			ca.Block = fromClaimAttrs(a.Block)
		}
		out = append(out, ca)
	}
	return out
}

// claimRows are the claims other than the defaults, a row each, prefixed
// by the cells given.
func claimRows(attrs []ClaimAttr, prefix ...string) [][]string {
	var rows [][]string
	for _, kv := range claimview.Flatten(claimview.NonDefault(fromClaimAttrs(attrs))) {
		rows = append(rows, append(append([]string{}, prefix...), kv[0], kv[1]))
	}
	return rows
}

// claimsTable lists the claims of one entity.
func claimsTable(title string, attrs []ClaimAttr) *table {
	t := &table{title: title, header: []string{"Claim", "Value"}}
	t.section(claimRows(attrs)...)
	return t
}
