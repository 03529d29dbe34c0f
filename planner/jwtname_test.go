package planner

import (
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// name = "..." keeps a JWT name that is not a valid label (nsc names
// exports and imports after their subjects): the claims carry it, and a
// revocation entry, which names its export by block, still lands on it.
func TestJWTNamesThatAreNotLabels(t *testing.T) {
	src := `operator "O" { system_account = account.SYS }
account "SYS" {}
account "A" {
  name = "team a"
  user "u" { name = "u.1" }
  service "help" {
    name               = "help.>"
    subject            = "help.>"
    private            = true
    revoke_activations = [account.B]
  }
}
account "B" {}
`
	p := planAt(t, src, state.New(), time.Unix(1800000000, 0))
	a := p.Desired["account.A"].Claims.(*jwt.AccountClaims)
	if a.Name != "team a" || len(a.Exports) != 1 || a.Exports[0].Name != "help.>" {
		t.Fatalf("account %q, exports %+v", a.Name, a.Exports)
	}
	b := p.Desired["account.B"].PublicKey
	if at, ok := a.Exports[0].Revocations[b]; !ok || at != 1800000000 {
		t.Fatalf("the revocation of B's activations is not on the export: %v", a.Exports[0].Revocations)
	}
	if u := p.Desired["account.A.user.u"].Claims.(*jwt.UserClaims); u.Name != "u.1" {
		t.Fatalf("user name %q", u.Name)
	}

	imp := `operator "O" { system_account = account.SYS }
account "SYS" {}
account "A" {
  service "help" { subject = "help" }
}
account "B" {
  import "h" {
    name    = "help"
    service = account.A.service.help
  }
}
`
	p = planAt(t, imp, state.New(), time.Unix(1800000000, 0))
	if i := p.Desired["account.B"].Claims.(*jwt.AccountClaims).Imports; len(i) != 1 || i[0].Name != "help" {
		t.Fatalf("imports %+v", i)
	}
}
