package main

import (
	"testing"
)

// TestOneServiceReSignsOnlyItsAccount adds one service to one account and
// checks that exactly that account's JWT changed, with a later iat, while
// every other JWT in state is byte-identical.
func TestOneServiceReSignsOnlyItsAccount(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	before := readState(t, dir)

	editConfig(t, dir, `  service "phelp" {`, "  service \"status\" {\n    subject = \"status\"\n  }\n\n  service \"phelp\" {")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	after := readState(t, dir)

	if len(after.Resources) != len(before.Resources) {
		t.Fatalf("state has %d resources, had %d", len(after.Resources), len(before.Resources))
	}
	for addr, old := range before.Resources {
		now := after.Get(addr)
		if now == nil {
			t.Fatalf("%s disappeared", addr)
		}
		if addr == "account.TestAccount" {
			if now.JWT == old.JWT || now.Digest == old.Digest {
				t.Errorf("%s was not re-signed", addr)
			}
			if now.IssuedAt <= old.IssuedAt {
				t.Errorf("%s: iat %d is not after the previous %d", addr, now.IssuedAt, old.IssuedAt)
			}
			continue
		}
		if now.JWT != old.JWT {
			t.Errorf("%s was re-signed although nothing about it changed", addr)
		}
	}
	if out := mustRun(t, exitOK, dir, "plan"); out != "No changes. The configuration matches the state.\n" {
		t.Fatalf("plan after apply:\n%s", out)
	}
}
