package lang

import (
	"testing"
)

// TestInvalidRotationConfigs covers retire and compromised: both at once,
// a signed_by naming such a key, and strict usage with no key left.
func TestInvalidRotationConfigs(t *testing.T) {
	strict := "operator \"O\" {\n  system_account = account.SYS\n  strict_signing_key_usage = true\n" +
		"  signing_key \"old\" { retire = true }\n}\naccount \"SYS\" {}\n"
	runInvalid(t, []invalidCase{
		{name: "retire and compromised at once",
			src:  "account \"A\" {\n  signing_key \"k\" {\n    retire = true\n    compromised = true\n  }\n}\n",
			want: []string{"c.hcl:4: Retiring and compromised signing key"}, detail: "Keep one of them"},
		{name: "user signed by a retiring key",
			src: "account \"A\" {\n  signing_key \"old\" { retire = true }\n  signing_key \"new\" {}\n" +
				"  user \"u\" { signed_by = account.A.signing_key.old }\n}\n",
			want:   []string{"c.hcl:4: Signing key is retiring"},
			detail: "signing key `old` is retiring: nothing may be signed by it from now on. Point signed_by at another signing key, or remove signed_by to use the default"},
		{name: "grant signed by a compromised key",
			src: "account \"I\" {}\naccount \"X\" {\n  signing_key \"k\" { compromised = true }\n" +
				"  service \"s\" {\n    subject = \"s\"\n    private = true\n  }\n}\n" +
				"grant \"g\" {\n  service   = account.X.service.s\n  to        = account.I\n  signed_by = account.X.signing_key.k\n}\n",
			want:   []string{"c.hcl:12: Signing key is compromised"},
			detail: "signing key `k` is compromised: nothing may be signed by it"},
		{name: "account signed by a retiring operator key",
			src: "operator \"O\" {\n  system_account = account.SYS\n  signing_key \"old\" { retire = true }\n}\n" +
				"account \"SYS\" {}\naccount \"A\" { signed_by = operator.O.signing_key.old }\n", noPrelude: true,
			want: []string{"c.hcl:6: Signing key is retiring"}},
		{name: "strict: only a retiring operator key left", noPrelude: true,
			src:  strict,
			want: []string{"c.hcl:6: Missing signing key"}, detail: "retiring or compromised"},
		{name: "strict: only a compromised account key left", noPrelude: true,
			src: "operator \"O\" {\n  system_account = account.SYS\n  strict_signing_key_usage = true\n  signing_key \"k\" {}\n}\n" +
				"account \"SYS\" {}\naccount \"A\" {\n  signing_key \"a\" { compromised = true }\n  user \"u\" {}\n}\n",
			want: []string{"c.hcl:9: Missing signing key"}, detail: "retiring and compromised keys sign nothing"},
		{name: "retire is a bool",
			src:  "account \"A\" {\n  signing_key \"k\" { retire = \"soon\" }\n}\n",
			want: []string{"c.hcl:2: Incorrect attribute value type"}},
	})
}

// TestRotationDefaults checks that the default signers skip retiring and
// compromised keys, and that the attributes are read on both owners.
func TestRotationDefaults(t *testing.T) {
	src := "operator \"O\" {\n  system_account = account.SYS\n  strict_signing_key_usage = true\n" +
		"  signing_key \"a_old\" { retire = true }\n  signing_key \"b_new\" {}\n}\n" +
		"account \"SYS\" {}\naccount \"A\" {\n  signing_key \"a_bad\" { compromised = true }\n" +
		"  signing_key \"b_old\" { retire = true }\n  signing_key \"c_new\" {}\n  user \"u\" {}\n}\n" +
		"account \"B\" {\n  user \"v\" {}\n  signing_key \"k\" {}\n}\n"
	cfg, diags := loadCase(src, false)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics: %s", diags.Error())
	}
	op := cfg.Operator
	if !op.SigningKey("a_old").Retiring || op.SigningKey("a_old").Compromised || op.SigningKey("b_new").RotationState() != "" {
		t.Errorf("operator keys: a_old retiring=%v, b_new state %q", op.SigningKey("a_old").Retiring, op.SigningKey("b_new").RotationState())
	}
	a := cfg.Account("A")
	if a.Signer != "b_new" {
		t.Errorf("account A signed by %q, want b_new (a_old is retiring)", a.Signer)
	}
	if got := a.SigningKey("a_bad").RotationState(); got != "compromised" {
		t.Errorf("a_bad state %q, want compromised", got)
	}
	if got := a.User("u").Signer; got != "c_new" {
		t.Errorf("user u signed by %q, want c_new (a_bad compromised, b_old retiring)", got)
	}
	if got := cfg.Account("B").User("v").Signer; got != "k" {
		t.Errorf("user v signed by %q, want k", got)
	}
}
