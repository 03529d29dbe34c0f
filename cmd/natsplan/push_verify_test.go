package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/state"
)

// TestPushRefusesStateThatDoesNotVerify swaps one account's JWT for
// another's in state: push must refuse before connecting anywhere, naming
// the account, rather than send a JWT state does not vouch for.
func TestPushRefusesStateThatDoesNotVerify(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	st := readState(t, dir)
	st.Resources["account.AccountB"].JWT = st.Resources["account.AccountC"].JWT
	if err := state.Write(filepath.Join(dir, defaultStatePath), st); err != nil {
		t.Fatal(err)
	}
	// Nothing listens on port 1: reaching the network would fail with a
	// connection error, not the refusal this test expects.
	code, out, errs := natsplan(t, dir, "push", "-server=nats://127.0.0.1:1")
	if code != exitError {
		t.Fatalf("push exited %d, want %d\n%s%s", code, exitError, out, errs)
	}
	for _, want := range []string{"account.AccountB", "refusing to push a state that cannot be trusted"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "connect") {
		t.Errorf("push tried to connect before verifying:\n%s", errs)
	}
}
