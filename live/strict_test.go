package live

import (
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// Under strict signing key usage the system user is signed by the system
// account's first unscoped signing key, never a scoped one, and deletions
// by an operator signing key; without strict usage, by the identity keys.
func TestStrictSigners(t *testing.T) {
	opKP, _ := nkeys.CreateOperator()
	opPub, _ := opKP.PublicKey()
	opSK, _ := nkeys.CreateOperator()
	opSKPub, _ := opSK.PublicKey()
	sysKP, _ := nkeys.CreateAccount()
	sysPub, _ := sysKP.PublicKey()
	keys := map[string]string{}
	for _, name := range []string{"a_scoped", "b_plain", "c_plain"} {
		kp, _ := nkeys.CreateAccount()
		keys[name], _ = kp.PublicKey()
	}
	ac := jwt.NewAccountClaims(sysPub)
	scope := jwt.NewUserScope()
	scope.Key, scope.Role = keys["a_scoped"], "r"
	ac.SigningKeys.AddScopedSigner(scope)
	ac.SigningKeys.Add(keys["b_plain"], keys["c_plain"])
	sysJWT, err := ac.Encode(opKP)
	if err != nil {
		t.Fatal(err)
	}
	sys := &state.Resource{Name: "SYS", PublicKey: sysPub, JWT: sysJWT, SigningKeys: keys}
	for _, strictUsage := range []bool{false, true} {
		oc := jwt.NewOperatorClaims(opPub)
		oc.StrictSigningKeyUsage = strictUsage
		oc.SigningKeys.Add(opSKPub)
		opJWT, err := oc.Encode(opKP)
		if err != nil {
			t.Fatal(err)
		}
		op := &state.Resource{Name: "O", PublicKey: opPub, JWT: opJWT, SigningKeys: map[string]string{"k": opSKPub}}
		wantSys, wantOp := sysPub, opPub
		if strictUsage {
			wantSys, wantOp = keys["b_plain"], opSKPub
		}
		if got, err := systemSigner(op, sys); err != nil || got != wantSys {
			t.Fatalf("strict %v: system signer %s, %v; want %s", strictUsage, got, err, wantSys)
		}
		if got, err := operatorSigner(op); err != nil || got != wantOp {
			t.Fatalf("strict %v: operator signer %s, %v; want %s", strictUsage, got, err, wantOp)
		}
		if !strictUsage {
			continue
		}
		onlyScoped := *sys
		onlyScoped.SigningKeys = map[string]string{"a_scoped": keys["a_scoped"]}
		if _, err := systemSigner(op, &onlyScoped); err == nil || !strings.Contains(err.Error(), "no unscoped signing key") {
			t.Fatalf("a system account with only a scoped key: %v", err)
		}
	}
}
