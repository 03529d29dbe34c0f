package live

import (
	"testing"
	"time"

	"github.com/natsplan/natsplan/state"
)

// TestPushKeepsAccountWhoseKindWasEdited edits the kind of an account in
// the state, as a pull request could: push must not take the account for
// one the state no longer holds and delete it from the resolver. (The
// CLI refuses such a state before pushing; this is the rule where the
// deletion is decided.)
func TestPushKeepsAccountWhoseKindWasEdited(t *testing.T) {
	e := newEnv(t)
	pay := e.newAccount(t, "Payments")
	url := e.start(t)
	s := e.dial(t, 2*time.Second, url)
	if r := e.push(t, s); !r.OK() {
		t.Fatalf("first push failed: %+v", r)
	}
	e.st.Resources["account.Payments"].Kind = state.KindUser
	r := e.push(t, s)
	if len(r.Prune.Deleted) != 0 {
		t.Fatalf("push deleted %+v, an account the state holds a JWT for", r.Prune.Deleted[0])
	}
	nc, err := userConnect(t, url, pay)
	if err != nil {
		t.Fatalf("a user of Payments is refused after the push: %v", err)
	}
	nc.Close()
}
