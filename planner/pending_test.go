package planner

import (
	"testing"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
)

// hidePending must replace exactly the placeholders, wherever they sit in
// a value, and leave real keys and other text alone.
func TestHidePending(t *testing.T) {
	p, q := lang.PendingKey("account.C"), lang.PendingKey("account.D")
	kp, _ := nkeys.CreateAccount()
	real, _ := kp.PublicKey()
	n := &names{pending: map[string]string{p: "account.C", q: "account.D"}}
	const kaa = knownAfterApply
	cases := map[string]string{
		`"` + p + `"`:               `(known after apply)`,
		`"` + real + `"`:            `"` + real + `"`,
		`"help.` + p + `"`:          `"help.` + kaa + `"`,
		p + "." + q:                 kaa + "." + kaa,
		"x" + p + q + "y":           "x" + kaa + kaa + "y",
		"help." + real + "." + p:    "help." + real + "." + kaa,
		"":                          "",
		"short":                     "short",
		`"` + p[:55] + `"` + p[55:]: `"` + p[:55] + `"` + p[55:],
	}
	for in, want := range cases {
		if got := n.hidePending(in); got != want {
			t.Errorf("hidePending(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
