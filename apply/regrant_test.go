package apply

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

const regrantConfig = `operator "O" { system_account = account.SYS }
account "SYS" {}
account "Exp" {
  service "s" {
    subject = "s.>"
    private = true
  }
}
grant %q {
  service = account.Exp.service.s
  to      = %q
  subject = "s.x"
}
`

// A grant renamed without a moved block is revoked and issued again for
// the same importer; when both applies fall in the same second, the new
// activation must still be issued after the revocation, or nats-server
// refuses it too.
func TestReissuedGrantOutlivesTheRevocation(t *testing.T) {
	kp, _ := nkeys.CreateAccount()
	importer, _ := kp.PublicKey()
	w := newWorkspace(t)
	now := time.Now()
	applyAt := func(name string) {
		t.Helper()
		p, st, replan := w.plan(fmt.Sprintf(regrantConfig, name, importer))
		if _, err := Apply(context.Background(), p, st, replan, Options{Keystore: w.ks, StatePath: w.statePath,
			Now: func() time.Time { return now }}); err != nil {
			t.Fatal(err)
		}
	}
	applyAt("g")
	applyAt("h")
	st := w.read()
	ac, err := jwt.DecodeAccountClaims(st.Get("account.Exp").JWT)
	if err != nil {
		t.Fatal(err)
	}
	revs := ac.Exports[0].Revocations
	if revs[importer] == 0 {
		t.Fatalf("the activation of the removed grant.g is not revoked: %v", revs)
	}
	act, err := jwt.DecodeActivationClaims(st.Get("grant.h").JWT)
	if err != nil {
		t.Fatal(err)
	}
	if revs.IsRevoked(importer, time.Unix(act.IssuedAt, 0)) {
		t.Fatalf("grant.h issued at %d is revoked with grant.g (revoked up to %d)", act.IssuedAt, revs[importer])
	}
	if p, _, _ := w.plan(fmt.Sprintf(regrantConfig, "h", importer)); !p.Empty() {
		t.Fatalf("plan after apply has %d changes", len(p.Changes))
	}
}

// The revocation of a grant's activation is built from what the state
// records of it: the export, the importer and the iat. A state edited so
// that the revocation would miss (another export, an earlier iat) is
// refused before anything is signed (by the plan, which knows the
// export's label, or by apply), and the state file stays as it was.
func TestRevocationFromAForgedGrantRecordIsRefused(t *testing.T) {
	kp, _ := nkeys.CreateAccount()
	importer, _ := kp.PublicKey()
	withGrant := fmt.Sprintf(regrantConfig, "g", importer)
	without := withGrant[:strings.Index(withGrant, "grant ")]
	cases := map[string]struct {
		forge  func(r *state.Resource)
		reason string
	}{
		"other export": {func(r *state.Resource) { r.Export = "gone" }, `export "gone"`},
		"earlier iat":  {func(r *state.Resource) { r.IssuedAt-- }, "issued at"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			w := newWorkspace(t)
			st := w.mustApply(withGrant)
			c.forge(st.Get("grant.g"))
			w.write(st)
			before, _ := os.ReadFile(w.statePath)
			err := w.applyOrRefuse(without)
			if err == nil || !strings.Contains(err.Error(), "grant.g") || !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("apply revoking a forged grant record: %v", err)
			}
			if after, _ := os.ReadFile(w.statePath); string(after) != string(before) {
				t.Fatal("the refused apply changed the state file")
			}
		})
	}
}
