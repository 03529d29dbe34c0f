package apply

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

const retireBefore = `operator "O" { system_account = account.SYS }
account "SYS" {}
account "A" {
  signing_key "a1" {}
  user "u" { signed_by = account.A.signing_key.a1 }
}
`

const retireStep = `operator "O" { system_account = account.SYS }
account "SYS" {}
account "A" {
  signing_key "a1" { retire = true }
  signing_key "a2" {}
  user "u" { signed_by = account.A.signing_key.a2 }
}
`

// A plan that would sign with a retiring key, which the planner never
// makes, is refused before anything is signed; the honest plan of the
// same step re-signs the user with the new key.
func TestApplyRefusesToSignWithARetiringKey(t *testing.T) {
	w := newWorkspace(t)
	st := w.mustApply(retireBefore)
	old := st.Get("account.A").SigningKeys["a1"]
	before, err := os.ReadFile(w.statePath)
	if err != nil {
		t.Fatal(err)
	}
	p, prior, replan := w.plan(retireStep)
	c := p.Desired["account.A.user.u"]
	if c == nil || c.SignerKey == old {
		t.Fatalf("the planner signs u with %v", c)
	}
	forged := *c
	forged.Signer, forged.SignerKey = "account.A.signing_key.a1", old
	for _, ch := range p.Changes {
		if ch.Address == "account.A.user.u" {
			ch.Desired = &forged
		}
	}
	_, err = Apply(context.Background(), p, prior, replan, Options{Keystore: w.ks, StatePath: w.statePath})
	if err == nil || !strings.Contains(err.Error(), "it would be signed by account.A.signing_key.a1 ("+old+"), which the configuration marks retiring") {
		t.Fatalf("apply of a plan signing with the retiring key: %v", err)
	}
	if after, _ := os.ReadFile(w.statePath); !bytes.Equal(before, after) {
		t.Fatal("the refused apply changed the state")
	}
	st = w.mustApply(retireStep)
	if got := st.Get("account.A.user.u").Issuer; got == old || got != st.Get("account.A").SigningKeys["a2"] {
		t.Fatalf("u issued by %s after the retire step, want a2", got)
	}
	if st.Get("account.A").SigningKeys["a1"] != old {
		t.Fatal("the retiring key left the account's signing keys")
	}
}
