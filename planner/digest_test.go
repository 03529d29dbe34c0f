package planner

import (
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// nsc writes response_type "Singleton" on every service export; the
// planner leaves the default empty. Both must digest alike, or every
// account nsc signed would be re-signed on adoption, and the claims
// given to Digest must not change.
func TestDigestReadsExplicitSingletonAsDefault(t *testing.T) {
	kp, _ := nkeys.CreateAccount()
	pub, _ := kp.PublicKey()
	build := func(rt jwt.ResponseType) *jwt.AccountClaims {
		ac := jwt.NewAccountClaims(pub)
		ac.Exports = jwt.Exports{
			{Name: "srv", Subject: "help", Type: jwt.Service, ResponseType: rt},
			{Name: "feed", Subject: "feed.>", Type: jwt.Stream},
		}
		return ac
	}
	nsc, ours := build(jwt.ResponseTypeSingleton), build("")
	if Digest(nsc) != Digest(ours) {
		t.Fatal("an explicit Singleton response type digests differently from the default")
	}
	if nsc.Exports[0].ResponseType != jwt.ResponseTypeSingleton {
		t.Fatal("Digest changed the claims it was given")
	}
	if Digest(build(jwt.ResponseTypeStream)) == Digest(ours) {
		t.Fatal("a Stream response type digests like the default")
	}
}
