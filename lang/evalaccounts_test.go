package lang

import (
	"fmt"
	"strings"
	"testing"
)

// Accounts are evaluated by several workers (more than evalChunk), and
// each refers to another's public key in a string, so that the account
// and operator objects are made while workers evaluate. Every value must
// come out as if evaluated one by one (run with -race to check the
// sharing too).
func TestAccountsEvaluatedByWorkers(t *testing.T) {
	n := 2*evalChunk + 31
	var b strings.Builder
	b.WriteString("operator \"O\" { system_account = account.SYS }\naccount \"SYS\" {}\n")
	for i := range n {
		fmt.Fprintf(&b, "account \"A%04d\" {\n  user \"u\" {}\n  service \"s\" { subject = \"s.${account.A%04d.public_key}\" }\n}\n", i, (i+1)%n)
	}
	cfg, diags := LoadFiles(map[string][]byte{"main.hcl": []byte(b.String())}, LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(cfg.Accounts) != n+1 {
		t.Fatalf("%d accounts, want %d", len(cfg.Accounts), n+1)
	}
	for _, a := range cfg.Accounts {
		if a.Name == "SYS" {
			continue
		}
		var i int
		fmt.Sscanf(a.Name, "A%04d", &i)
		want := "s." + PendingKey(fmt.Sprintf("account.A%04d", (i+1)%n))
		if len(a.Exports) != 1 || string(a.Exports[0].Subject) != want {
			t.Fatalf("%s: exports %+v, want subject %s", a.Name, a.Exports, want)
		}
	}
}
