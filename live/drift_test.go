package live

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

func refresh(t *testing.T, e *env, s *Session) *Drift {
	t.Helper()
	d, err := s.Refresh(context.Background(), e.st)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Complete() {
		t.Fatalf("drift check could not see every server: %+v", d)
	}
	return d
}

// TestDrift follows one server through the kinds of drift: accounts not
// pushed yet, none after the push, an account whose claims changed in
// state, an account removed from state, and an account someone else put on
// the server, which push leaves alone.
func TestDrift(t *testing.T) {
	e := newEnv(t)
	a := e.newAccount(t, "A")
	e.newAccount(t, "B")
	s := e.dial(t, 2*time.Second, e.start(t))

	d := refresh(t, e, s)
	if len(d.Missing) != 2 || d.Missing[0].Address != "account.A" || d.Missing[1].Address != "account.B" || len(d.Changed)+len(d.Unmanaged) != 0 {
		t.Fatalf("before the push: %+v", d)
	}
	e.push(t, s)
	if d := refresh(t, e, s); !d.Empty() {
		t.Fatalf("drift right after the push: %+v", d)
	}

	e.account(t, "A", a, func(ac *jwt.AccountClaims) {
		ac.Exports.Add(&jwt.Export{Name: "srv", Subject: "help", Type: jwt.Service})
	})
	d = refresh(t, e, s)
	if len(d.Changed) != 1 || d.Changed[0].Address != "account.A" || d.Changed[0].Servers != 1 || d.Changed[0].Of != 1 {
		t.Fatalf("after changing A in state: %+v", d)
	}
	if got := d.Changed[0].Lines; len(got) != 1 || got[0].Action != '+' || !strings.Contains(got[0].Text, `service "srv" { subject = "help" }`) {
		t.Fatalf("A's difference: %+v", got)
	}

	other := e2(t, nkeys.CreateOperator)
	foreign := jwt.NewAccountClaims(pub(t, e2(t, nkeys.CreateAccount)))
	foreign.Name = "Foreign"
	token, err := foreign.Encode(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.groups[0].nc.Request(updateSubject, []byte(token), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	delete(e.st.Resources, "account.B")
	d = refresh(t, e, s)
	if len(d.Unmanaged) != 2 {
		t.Fatalf("unmanaged: %+v", d.Unmanaged)
	}
	for _, u := range d.Unmanaged {
		if u.Ours != (u.Name == "B") {
			t.Errorf("%s (%s): ours = %v", u.Name, u.Issuer, u.Ours)
		}
	}

	r := e.push(t, s)
	if !r.OK() || len(r.Prune.Deleted) != 1 || len(r.Prune.Kept) != 1 || r.Prune.Kept[0].Name != "Foreign" {
		t.Fatalf("push: ok=%v prune %+v", r.OK(), r.Prune)
	}
	d = refresh(t, e, s)
	if len(d.Missing)+len(d.Changed) != 0 || len(d.Unmanaged) != 1 || d.Unmanaged[0].Name != "Foreign" {
		t.Fatalf("after the push, only the foreign account should differ: %+v", d)
	}
}

// TestSameClaimsIgnoresSigning checks that a copy signed at another time,
// with the same claims, is not drift.
func TestSameClaimsIgnoresSigning(t *testing.T) {
	ac := jwt.NewAccountClaims(pub(t, e2(t, nkeys.CreateAccount)))
	older := *ac
	older.IssuedAt, older.ID = 1, "X"
	if !sameClaims(ac, &older) {
		t.Error("claims that differ only in iat and jti count as different")
	}
	older.Name = "renamed"
	if sameClaims(ac, &older) {
		t.Error("claims with another name count as the same")
	}
}
