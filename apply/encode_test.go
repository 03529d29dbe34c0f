package apply

import (
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// TestEncodeMatchesTheLibrary signs claims with natsplan's encoder and
// decodes them with jwt/v2: signature, issuer, iat and content must hold.
func TestEncodeMatchesTheLibrary(t *testing.T) {
	op, _ := nkeys.CreateOperator()
	acct, _ := nkeys.CreateAccount()
	apub, _ := acct.PublicKey()
	opub, _ := op.PublicKey()

	ac := jwt.NewAccountClaims(apub)
	ac.Name = "TestAccount"
	ac.Type = jwt.AccountClaim
	ac.Version = 2
	ac.Exports.Add(&jwt.Export{Name: "srv", Subject: "help", Type: jwt.Service})
	token, err := encode(ac, op, 1234567890)
	if err != nil {
		t.Fatal(err)
	}
	got, err := jwt.DecodeAccountClaims(token)
	if err != nil {
		t.Fatalf("jwt/v2 cannot decode natsplan's JWT: %v", err)
	}
	if got.Issuer != opub || got.IssuedAt != 1234567890 || got.Subject != apub || got.Name != "TestAccount" {
		t.Fatalf("decoded claims differ: iss %s iat %d sub %s name %s", got.Issuer, got.IssuedAt, got.Subject, got.Name)
	}
	if len(got.Exports) != 1 || got.Exports[0].Subject != "help" || got.ID == "" {
		t.Fatalf("exports %+v, jti %q", got.Exports, got.ID)
	}
	vr := jwt.CreateValidationResults()
	got.Validate(vr)
	if len(vr.Errors()) > 0 {
		t.Fatalf("decoded claims do not validate: %v", vr.Errors())
	}

	// Same content, later iat: a different jti, so a resolver takes it.
	again, _ := encode(ac, op, 1234567891)
	got2, _ := jwt.DecodeAccountClaims(again)
	if got2.ID == got.ID {
		t.Fatal("re-signing with a later iat kept the same jti")
	}
}

func TestIssueTimeIsMonotonic(t *testing.T) {
	cases := []struct{ now, prev, want int64 }{
		{100, 0, 100},   // first signing: now
		{100, 99, 100},  // clock moved on: now
		{100, 100, 101}, // same second as the last signing: one later
		{100, 150, 151}, // clock behind the last iat: still later
	}
	for _, c := range cases {
		if got := issueTime(c.now, c.prev); got != c.want {
			t.Errorf("issueTime(%d, %d) = %d, want %d", c.now, c.prev, got, c.want)
		}
	}
}
