package main

import (
	"strings"
	"testing"
)

// TestClusterPushFailures pushes to a cluster where n2's resolver is full
// and n3's resolver does not take pushes (memory): push must exit non-zero
// and say, account by account, which server refused and which never
// answered.
func TestClusterPushFailures(t *testing.T) {
	c := newCluster(t, func(i int, full, memory string) string {
		switch i {
		case 1: // room for the preloaded system account and one more
			return strings.Replace(full, "allow_delete: true", "allow_delete: true\n  limit: 2", 1)
		case 2:
			return memory
		}
		return full
	})
	// n3 never answers, so every request waits out the timeout; it must
	// still be long enough that n1 and n2, busy as they may be, answer
	// within it.
	code, out, errs := natsplan(t, c.dir, append([]string{"push", "-timeout=2s"}, c.flags...)...)
	if code != exitError {
		t.Fatalf("push exit %d, want %d\n%s%s", code, exitError, out, errs)
	}
	if seedPattern.MatchString(out + errs) {
		t.Fatal("a failing push printed a seed")
	}
	full := "n2 refused: jwt update resulted in error - jwt store is full"
	for _, want := range []string{
		"✗ account.AccountB: n3: no answer; n1, n2: jwt updated\n",
		"✗ account.AccountC: n3: no answer; " + full + "; n1: jwt updated\n",
		"✗ account.TestAccount: n3: no answer; " + full + "; n1: jwt updated\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("push output lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"Error: push incomplete: ", "account.AccountB (n3: no answer)", "account.AccountC (n3: no answer; " + full + ")"} {
		if !strings.Contains(errs, want) {
			t.Errorf("push error lacks %q:\n%s", want, errs)
		}
	}
}
