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
	acc := &AccessChanges{
		Changes: []access.Change{
			{Op: '-', Kind: "closes", Fact: req("account.A.user.a", "help", "srv")},
			{Op: '+', Kind: "opens", Fact: req("account.A.user.a", "help.>", "srv")},
			{Op: '+', Kind: "opens", Fact: req("account.B.user.b", "help.PENDINGKEY", "srv")},
			{Op: '+', Kind: "opens", Fact: access.Fact{User: "account.B.user.b", Kind: "connect"}},
			{Op: '-', Kind: "closes", Fact: req("account.C.user.c", "x", "other")},
		},
		Pending: map[string]string{"PENDINGKEY": "account.B"},
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
	if strings.Contains(md, "PENDINGKEY") || !strings.Contains(md, "- <code>- account.C.user.c can no longer request") {
		t.Errorf("markdown section:\n%s", md)
	}
}
