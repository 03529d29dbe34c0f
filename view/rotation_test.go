package view

import (
	"strings"
	"testing"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// A compromised key that signed no user says so, rather than counting
// "0 users ()"; one that did names them and the creds to hand out.
func TestCompromisedKeyLines(t *testing.T) {
	r := &planner.Rotation{Owner: "account.Shop", OwnerName: "Shop", OwnerKind: state.KindAccount, Key: "old",
		PublicKey: "AOLD", State: planner.RotationCompromised}
	text := strings.Join(rotationLines(r), "\n")
	if !strings.Contains(text, "signing key `old` signed no user natsplan manages") || strings.Contains(text, "0 users") {
		t.Errorf("a compromised key that signed no user:\n%s", text)
	}
	r.Resigned, r.Users = []string{"account.Shop.user.api"}, []string{"account.Shop.user.api"}
	text = strings.Join(rotationLines(r), "\n")
	for _, want := range []string{"every creds file signing key `old` issued stops working now: 1 user (Shop api)", "1 creds file must be handed out again"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
}
