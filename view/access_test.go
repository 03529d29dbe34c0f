package view

import (
	"strings"
	"testing"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/review"
)

// Access a plan opens goes into the markdown plan's security section:
// widened when the user reached the same export before on another
// subject, new otherwise; closed access and connections are not findings.
// Placeholder keys never show.
func TestAccessFindings(t *testing.T) {
	req := func(user, subject, export string) access.Fact {
		return access.Fact{User: user, Kind: "request", Subject: subject, Account: "account.S", Export: export, Through: "public export"}
	}
	pending := "A" + strings.Repeat("P", 55) // an account key not made yet
	acc := &AccessChanges{
		Changes: []access.Change{
			{Op: '-', Kind: "closes", Fact: req("account.A.user.a", "help", "srv")},
			{Op: '+', Kind: "opens", Fact: req("account.A.user.a", "help.>", "srv")},
			{Op: '+', Kind: "opens", Fact: req("account.B.user.b", "help."+pending, "srv")},
			{Op: '+', Kind: "opens", Fact: access.Fact{User: "account.B.user.b", Kind: "connect"}},
			{Op: '-', Kind: "closes", Fact: req("account.C.user.c", "x", "other")},
		},
		Pending: map[string]string{pending: "account.B"},
	}
	got := acc.findings()
	want := []review.Finding{
		{Address: "account.A.user.a", Kind: review.WidenedAccess, What: `account.A.user.a can request "help.>" in account.S (service srv, through public export)`},
		{Address: "account.B.user.b", Kind: review.NewAccess, What: `account.B.user.b can request "help.(known after apply)" in account.S (service srv, through public export)`},
	}
	if len(got) != len(want) {
		t.Fatalf("findings %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	md := acc.markdown()
	if strings.Contains(md, pending) || !strings.Contains(md, "- <code>- account.C.user.c can no longer request") {
		t.Errorf("markdown section:\n%s", md)
	}
}

// Placeholders are replaced wherever they stand, also next to other key
// characters, and nothing else is touched.
func TestAccessHidesEveryPlaceholder(t *testing.T) {
	k1 := "A" + strings.Repeat("B", 55)
	k2 := "U" + strings.Repeat("C", 55)
	a := &AccessChanges{Pending: map[string]string{k1: "account.X", k2: "account.X.user.u"}}
	for in, want := range map[string]string{
		"help." + k1:                      "help.(known after apply)",
		k1 + "." + k2 + ".x":              "(known after apply).(known after apply).x",
		"ZZ" + k1 + k2:                    "ZZ(known after apply)(known after apply)",
		"help." + strings.Repeat("B", 56): "help." + strings.Repeat("B", 56),
		"plain":                           "plain",
	} {
		if got := a.hide(in); got != want {
			t.Errorf("hide(%q) = %q, want %q", in, got, want)
		}
	}
}
