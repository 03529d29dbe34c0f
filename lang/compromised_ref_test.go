package lang

import (
	"strings"
	"testing"
)

// TestCompromisedKeyReference: nothing may carry the public key of a
// compromised signing key, which is dropped from its owner's JWT at once;
// a reference to it is refused where it is written, whatever the
// expression around it.
func TestCompromisedKeyReference(t *testing.T) {
	shop := "account \"Shop\" {\n  signing_key \"old\" { compromised = true }\n  signing_key \"new\" {}\n"
	detail := "Signing key `old` of account Shop is compromised: it is dropped from Shop's JWT and nothing may carry " +
		"its public key any more. Remove the reference, or point it at another signing key."
	runInvalid(t, []invalidCase{
		{name: "account key in a template",
			src:  shop + "  description = \"key ${account.Shop.signing_key.old.public_key}\"\n}\n",
			want: []string{"c.hcl:4: Reference to a compromised signing key"}, detail: detail},
		{name: "account key from another account, in a list",
			src:  shop + "}\naccount \"B\" {\n  tags = [\"a\", account.Shop.signing_key.old.public_key]\n}\n",
			want: []string{"c.hcl:6: Reference to a compromised signing key"}, detail: detail},
		{name: "operator key", noPrelude: true,
			src: "operator \"O\" {\n  system_account = account.SYS\n  signing_key \"k\" { compromised = true }\n" +
				"  signing_key \"n\" {}\n}\naccount \"SYS\" {}\naccount \"A\" {\n" +
				"  description = operator.O.signing_key.k.public_key\n}\n",
			want: []string{"c.hcl:8: Reference to a compromised signing key"},
			detail: "Signing key `k` of operator O is compromised: it is dropped from O's JWT and nothing may carry " +
				"its public key any more."},
		{name: "operator key in the operator's own tags", noPrelude: true,
			src: "operator \"O\" {\n  system_account = account.SYS\n  signing_key \"k\" { compromised = true }\n" +
				"  tags = [operator.O.signing_key.k.public_key]\n}\naccount \"SYS\" {}\n",
			want: []string{"c.hcl:4: Reference to a compromised signing key"}},
		{name: "key of a for_each instance",
			src: "account \"team\" {\n  for_each = toset([\"x\", \"y\"])\n  signing_key \"k\" { compromised = each.key == \"x\" }\n" +
				"}\naccount \"B\" {\n  description = \"${account.team[\"y\"].signing_key.k.public_key} " +
				"${account.team[\"x\"].signing_key.k.public_key}\"\n}\n",
			want:   []string{"c.hcl:6: Reference to a compromised signing key"},
			detail: "Signing key `k` of account team[\"x\"] is compromised: it is dropped from team[\"x\"]'s JWT"},
		{name: "compromised may not depend on keys",
			src:  "account \"A\" {\n  signing_key \"k\" { compromised = account.B.public_key != \"\" }\n}\naccount \"B\" {}\n",
			want: []string{"c.hcl:2: Invalid compromised argument"}, detail: "variables, locals or literal values"},
	})
}

// TestCompromisedReferenceRange: the error points at the reference
// itself, not at the whole argument.
func TestCompromisedReferenceRange(t *testing.T) {
	line := "  description = \"key ${account.Shop.signing_key.old.public_key}\"\n"
	src := "account \"Shop\" {\n  signing_key \"old\" { compromised = true }\n" + line + "}\n"
	_, diags := loadCase(src, true)
	if len(diags) != 1 || diags[0].Subject == nil {
		t.Fatalf("diagnostics: %v", diagLines(diags))
	}
	r := diags[0].Subject
	if got, want := line[r.Start.Column-1:r.End.Column-1], "account.Shop.signing_key.old.public_key"; got != want {
		t.Errorf("range covers %q, want %q", got, want)
	}
}

// TestCompromisedKeyNotInValues: a compromised key's public key is not
// among the values expressions see, so no expression that reaches it
// without naming it (an object of all keys, an index by a variable)
// carries it either. Retiring keys are still trusted and stay
// referenceable.
func TestCompromisedKeyNotInValues(t *testing.T) {
	src := "variable \"which\" {\n  default = \"old\"\n}\n" +
		"account \"Shop\" {\n  signing_key \"old\" { compromised = true }\n  signing_key \"new\" {}\n" +
		"  signing_key \"gone\" { retire = true }\n" +
		"  description = jsonencode(account.Shop.signing_key)\n" +
		"  info_url = \"https://x/${account.Shop.signing_key.gone.public_key}\"\n}\n" +
		"account \"B\" {\n  description = account.Shop.signing_key[var.which].public_key\n}\n"
	_, diags := loadCase(src, true)
	if got := diagLines(diags); len(got) != 1 || got[0] != "c.hcl:12: Invalid index" {
		t.Fatalf("diagnostics: %v, want the index by a variable refused", got)
	}
	src = strings.Replace(src, "account.Shop.signing_key[var.which].public_key", "\"b\"", 1)
	cfg, diags := loadCase(src, true)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics: %s", diags.Error())
	}
	shop := cfg.Account("Shop")
	if old := PendingKey("account.Shop.signing_key.old"); strings.Contains(shop.Description, old) ||
		!strings.Contains(shop.Description, PendingKey("account.Shop.signing_key.new")) {
		t.Errorf("description %q: want new's key and not old's", shop.Description)
	}
	if want := "https://x/" + PendingKey("account.Shop.signing_key.gone"); shop.InfoURL != want {
		t.Errorf("info_url %q, want %q", shop.InfoURL, want)
	}
	if !shop.SigningKey("old").Compromised || !shop.SigningKey("gone").Retiring {
		t.Errorf("rotation states: old %q, gone %q", shop.SigningKey("old").RotationState(), shop.SigningKey("gone").RotationState())
	}
}

// TestCompromisedAcrossWorkers: instances expand and evaluate on all
// cores; the one compromised key among hundreds is found wherever it is,
// and the others stay referenceable.
func TestCompromisedAcrossWorkers(t *testing.T) {
	src := "account \"team\" {\n  for_each = toset([for i in range(600) : \"k${i}\"])\n" +
		"  signing_key \"s\" { compromised = each.key == \"k450\" }\n" +
		"  description = account.team[\"k451\"].signing_key.s.public_key\n}\n" +
		"account \"B\" {\n  tags = [account.team[\"k1\"].signing_key.s.public_key, account.team[\"k450\"].signing_key.s.public_key]\n}\n"
	_, diags := loadCase(src, true)
	if got := diagLines(diags); len(got) != 1 || got[0] != "c.hcl:7: Reference to a compromised signing key" ||
		!strings.Contains(diags[0].Detail, "of account team[\"k450\"]") {
		t.Fatalf("diagnostics: %v", got)
	}
}
