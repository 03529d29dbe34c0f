package planner

import (
	"testing"
	"time"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// A removed user is revoked at its JWT's iat. When that iat falls in the
// second the plan is made, the saved plan's digest must still match the
// claims apply builds later: only revocations the plan itself makes are
// dated by the plan's time.
func TestSavedPlanOfAUserRemovedInTheSameSecond(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	key := func(prefix nkeys.PrefixByte) string {
		kp, err := nkeys.CreatePair(prefix)
		if err != nil {
			t.Fatal(err)
		}
		pub, _ := kp.PublicKey()
		return pub
	}
	op, sys, acct := key(nkeys.PrefixByteOperator), key(nkeys.PrefixByteAccount), key(nkeys.PrefixByteAccount)
	st := state.New()
	st.Lineage, st.Serial = "L", 1
	st.Resources["operator.O"] = &state.Resource{Kind: state.KindOperator, Name: "O", PublicKey: op, Issuer: op, IssuedAt: now.Unix() - 60, Digest: "d"}
	st.Resources["account.SYS"] = &state.Resource{Kind: state.KindAccount, Name: "SYS", PublicKey: sys, Issuer: op, IssuedAt: now.Unix() - 60, Digest: "d"}
	st.Resources["account.A"] = &state.Resource{Kind: state.KindAccount, Name: "A", PublicKey: acct, Issuer: op, IssuedAt: now.Unix() - 60, Digest: "d"}
	st.Resources["account.A.user.gone"] = &state.Resource{Kind: state.KindUser, Name: "gone", PublicKey: key(nkeys.PrefixByteUser),
		Issuer: acct, IssuedAt: now.Unix(), Digest: "d"}
	const src = `operator "O" { system_account = account.SYS }
account "SYS" {}
account "A" {}
`
	saved := planWith(t, src, st, now, lang.LoadOptions{}).Save()
	later := planWith(t, src, st, now.Add(10*time.Second), lang.LoadOptions{})
	if err := saved.Check(later); err != nil {
		t.Fatalf("a plan that revokes a user issued in its own second is stale ten seconds later: %v", err)
	}
}
