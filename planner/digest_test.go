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

// A trace sampling left at 0 is the library's 100, which the planner
// writes explicitly.
func TestDigestReadsUnsetSamplingAsHundred(t *testing.T) {
	kp, _ := nkeys.CreateAccount()
	pub, _ := kp.PublicKey()
	unset, hundred, fifty := jwt.NewAccountClaims(pub), jwt.NewAccountClaims(pub), jwt.NewAccountClaims(pub)
	unset.Trace = &jwt.MsgTrace{Destination: "t"}
	hundred.Trace = &jwt.MsgTrace{Destination: "t", Sampling: 100}
	fifty.Trace = &jwt.MsgTrace{Destination: "t", Sampling: 50}
	if Digest(unset) != Digest(hundred) || unset.Trace.Sampling != 0 {
		t.Fatal("an unset trace sampling does not digest as 100, or Digest changed the claims")
	}
	if Digest(fifty) == Digest(hundred) {
		t.Fatal("sampling 50 digests as 100")
	}
}

// A mapping weight left at 0 is read as 100 by jwt/v2 and nats-server;
// nsc leaves it so when no --weight is given.
func TestDigestReadsUnsetWeightAsHundred(t *testing.T) {
	kp, _ := nkeys.CreateAccount()
	pub, _ := kp.PublicKey()
	unset, hundred := jwt.NewAccountClaims(pub), jwt.NewAccountClaims(pub)
	unset.Mappings["a.*"] = []jwt.WeightedMapping{{Subject: "b.$1"}}
	hundred.Mappings["a.*"] = []jwt.WeightedMapping{{Subject: "b.$1", Weight: 100}}
	if Digest(unset) != Digest(hundred) || unset.Mappings["a.*"][0].Weight != 0 {
		t.Fatal("an unset weight does not digest as 100, or Digest changed the claims")
	}
	hundred.Mappings["a.*"][0].Weight = 50
	if Digest(unset) == Digest(hundred) {
		t.Fatal("weight 50 digests as 100")
	}
}
