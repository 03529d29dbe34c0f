package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

const agreeBase = `operator "O" {
  system_account = account.SYS
}

account "SYS" {}

account "Exp" {
  service "priv" {
    subject = "priv.>"
    private = true
  }
  service "pub" {
    subject = "pub.*"
    account_token_position = 2
  }
}

account "A" {
  user "u" {}
%s}
%s`

// TestValidateAgreesWithPlan: validate and plan come to the same verdict
// on every configuration, valid or not, against a state that holds some
// of its accounts. validate once loaded without the state's keys: it
// refused a token for an applied account, as for one not created yet,
// and let an import by a managed account's key pass as external.
func TestValidateAgreesWithPlan(t *testing.T) {
	a := applySrc(t, fmt.Sprintf(agreeBase, "", ""))
	aKey, expKey := a.key(t, "account.A"), a.key(t, "account.Exp")
	ext, extKey := newAccount(t)
	writeFile(t, filepath.Join(a.dir, "ext.jwt"), activation(t, ext, aKey, "ext.>"))
	writeFile(t, filepath.Join(a.dir, "other.jwt"), activation(t, ext, extKey, "ext.>"))
	extImport := func(file string) string {
		return fmt.Sprintf("  import \"e\" {\n    service = \"ext.>\"\n    from    = %q\n    token   = file(%q)\n  }\n", extKey, file)
	}
	byKey := fmt.Sprintf("  import \"p\" {\n    service = \"priv.x\"\n    from    = %q\n  }\n", expKey)
	grant := "grant \"g\" {\n  service = account.Exp.service.priv\n  to      = account.A\n}\n"
	cases := []struct {
		name        string
		inA, global string
		valid       bool
	}{
		{"as applied", "", "", true},
		{"token from a file for an applied account", extImport("ext.jwt"), "", true},
		{"token for another account", extImport("other.jwt"), "", false},
		{"token for an account not created yet", "", "account \"B\" {\n" + extImport("ext.jwt") + "}\n", false},
		{"import by a managed key without a grant", byKey, "", false},
		{"import by a managed key with a grant", byKey, grant, true},
		{"token position import by reference", "  import \"q\" { service = account.Exp.service.pub }\n", "", true},
		{"token position import by key, wrong subject",
			fmt.Sprintf("  import \"q\" {\n    service = \"pub.x\"\n    from    = %q\n  }\n", expKey), "", false},
		{"self-import", "  import \"s\" { service = account.A.service.x }\n  service \"x\" { subject = \"x\" }\n", "", false},
		{"revocation on a public export",
			"  service \"y\" {\n    subject = \"y\"\n    revoke_activations = [account.Exp]\n  }\n", "", false},
		{"nesting too deep", "", "locals {\n  x = " + strings.Repeat("[", 5000) + "\n}\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, filepath.Join(a.dir, "main.hcl"), fmt.Sprintf(agreeBase, tc.inA, tc.global))
			vcode, _, verr := natsplan(t, a.dir, "validate")
			pcode, _, perr := natsplan(t, a.dir, "plan")
			if (vcode == exitOK) != (pcode == exitOK) {
				t.Fatalf("validate exits %d, plan %d\nvalidate:\n%s\nplan:\n%s", vcode, pcode, verr, perr)
			}
			if (vcode == exitOK) != tc.valid {
				t.Fatalf("validate and plan exit %d, want valid = %v\n%s", vcode, tc.valid, verr)
			}
			if verr != perr {
				t.Errorf("validate and plan report differently\nvalidate:\n%s\nplan:\n%s", verr, perr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(a.dir, ".natsplan", "keys")); err != nil {
		t.Fatal(err) // apply made it; validate and plan must not remove or change it
	}
}

func newAccount(t *testing.T) (nkeys.KeyPair, string) {
	t.Helper()
	kp, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return kp, pub
}

// activation is a service activation token from issuer for account to.
func activation(t *testing.T, issuer nkeys.KeyPair, to, subject string) string {
	t.Helper()
	act := jwt.NewActivationClaims(to)
	act.ImportSubject = jwt.Subject(subject)
	act.ImportType = jwt.Service
	token, err := act.Encode(issuer)
	if err != nil {
		t.Fatal(err)
	}
	return token
}
