package access_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/internal/accessgen"
)

// fleetWorld is the shape of make bench's fleet, in claims: n accounts of
// 10 users, each exporting one service and importing five others'.
func fleetWorld(b *testing.B, n int) *access.World {
	b.Helper()
	pubs := make([]string, n)
	for i := range pubs {
		pubs[i] = accessgen.PubOf(accessgen.MustKey(nkeys.CreateAccount))
	}
	op := jwt.NewOperatorClaims(accessgen.PubOf(accessgen.MustKey(nkeys.CreateOperator)))
	accounts := make([]*access.Account, n)
	for i := range accounts {
		ac := jwt.NewAccountClaims(pubs[i])
		ac.Issuer = op.Subject
		ac.Exports.Add(&jwt.Export{Name: "svc", Subject: jwt.Subject(fmt.Sprintf("svc.%d.>", i)), Type: jwt.Service})
		for k := 1; k <= 5; k++ {
			j := (i + k) % n
			ac.Imports.Add(&jwt.Import{Name: fmt.Sprint("i", k), Account: pubs[j], Subject: jwt.Subject(fmt.Sprintf("svc.%d.>", j)), Type: jwt.Service})
		}
		a := &access.Account{Address: fmt.Sprintf("account.A%06d", i), Claims: ac}
		for u := 0; u < 10; u++ {
			uc := jwt.NewUserClaims(accessgen.PubOf(accessgen.MustKey(nkeys.CreateUser)))
			uc.Issuer = pubs[i]
			if u%2 == 1 {
				uc.Pub.Allow.Add("svc.>")
			}
			a.Users = append(a.Users, &access.User{Address: fmt.Sprintf("%s.user.u%d", a.Address, u), Claims: uc})
		}
		accounts[i] = a
	}
	return access.New(op, accounts, time.Now())
}

// The full access matrix of every user of the 1,000-account fleet (the
// issue asks for under 2 s).
func BenchmarkMatrix1000(b *testing.B) {
	w := fleetWorld(b, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(fleetCopy(w).Matrix()) == 0 {
			b.Fatal("empty matrix")
		}
	}
}

// The access changes of a one-line change (one service's subject) in
// the 1,000-account fleet: what the plan's Access changes section adds
// (the issue asks for at most 0.3 s).
func BenchmarkOneLineChange1000(b *testing.B) {
	w := fleetWorld(b, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		after := fleetCopy(w)
		ac := *after.Accounts[0].Claims
		ac.Exports = jwt.Exports{{Name: "svc", Subject: "svc.0.only", Type: jwt.Service}}
		after.Accounts[0].Claims = &ac
		ch := access.Changes(fleetCopy(w), access.New(after.Operator, after.Accounts, after.Now))
		if len(ch) == 0 {
			b.Fatal("the change closes nothing")
		}
	}
}

// fleetCopy is w with nothing resolved yet, as a fresh plan's would be.
func fleetCopy(w *access.World) *access.World {
	accounts := make([]*access.Account, len(w.Accounts))
	for i, a := range w.Accounts {
		na := &access.Account{Address: a.Address, Claims: a.Claims}
		for _, u := range a.Users {
			na.Users = append(na.Users, &access.User{Address: u.Address, Claims: u.Claims})
		}
		accounts[i] = na
	}
	return access.New(w.Operator, accounts, w.Now)
}
