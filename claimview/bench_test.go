package claimview

import (
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

func benchClaims(b *testing.B) (*jwt.AccountClaims, *jwt.UserClaims) {
	kp, _ := nkeys.CreateAccount()
	pub, _ := kp.PublicKey()
	ac := jwt.NewAccountClaims(pub)
	ac.Name = "A000001"
	ac.Exports.Add(&jwt.Export{Name: "svc", Subject: "svc.A000001", Type: jwt.Service})
	for i := range 5 {
		ac.Imports.Add(&jwt.Import{Name: "imp" + string(rune('a'+i)), Subject: "svc.x", Account: pub, Type: jwt.Service})
	}
	uc := jwt.NewUserClaims(pub)
	uc.Name = "u01"
	return ac, uc
}

// A first apply describes every entity: this is its cost per account and
// per user of a fleet.
func BenchmarkDescribe(b *testing.B) {
	ac, uc := benchClaims(b)
	name := func(k string) string { return k }
	b.Run("account", func(b *testing.B) {
		for b.Loop() {
			Describe(ac, name)
		}
	})
	b.Run("user", func(b *testing.B) {
		for b.Loop() {
			Describe(uc, name)
		}
	})
}
