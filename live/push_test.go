package live

import (
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// TestPushOneServer pushes three accounts into a full resolver that holds
// only the system account: each is accepted, held, and usable at once.
func TestPushOneServer(t *testing.T) {
	e := newEnv(t)
	a := e.newAccount(t, "A")
	e.newAccount(t, "B")
	url := e.start(t)
	if nc, err := userConnect(t, url, a); err == nil {
		nc.Close()
		t.Fatal("a user of A connected before A was pushed")
	}
	s := e.dial(t, 2*time.Second, url)
	r := e.push(t, s)
	if !r.OK() {
		t.Fatalf("push failed: %+v", r)
	}
	if len(r.Accounts) != 3 || r.Expected != 1 {
		t.Fatalf("pushed %d accounts to %d servers, want 3 to 1", len(r.Accounts), r.Expected)
	}
	for _, ap := range r.Accounts {
		if len(ap.Answers) != 1 || ap.Answers[0].Text != "jwt updated" || ap.Held != 1 {
			t.Errorf("%s: answers %+v, held by %d", ap.Address, ap.Answers, ap.Held)
		}
	}
	nc, err := userConnect(t, url, a)
	if err != nil {
		t.Fatalf("a user of A is refused after the push: %v", err)
	}
	nc.Close()
}

// TestPushDeletesRemovedAccount removes an account from the state and
// pushes again: the account is deleted from the resolver and its users are
// refused, while an account signed by another operator is left alone.
func TestPushDeletesRemovedAccount(t *testing.T) {
	e := newEnv(t)
	gone := e.newAccount(t, "Gone")
	e.newAccount(t, "Kept")
	url := e.start(t)
	s := e.dial(t, 2*time.Second, url)
	if r := e.push(t, s); !r.OK() {
		t.Fatalf("first push failed: %+v", r)
	}
	nc, err := userConnect(t, url, gone)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	closed := make(chan struct{})
	nc.SetClosedHandler(func(*nats.Conn) { close(closed) })

	delete(e.st.Resources, "account.Gone")
	r := e.push(t, s)
	if !r.OK() {
		t.Fatalf("second push failed: %+v", r.Prune)
	}
	if len(r.Prune.Deleted) != 1 || r.Prune.Deleted[0].PublicKey != pub(t, gone) || r.Prune.Deleted[0].Name != "Gone" {
		t.Fatalf("deleted %+v, want Gone", r.Prune.Deleted)
	}
	if len(r.Prune.Answers) != 1 || !strings.Contains(r.Prune.Answers[0].Text, "deleted 1 accounts") {
		t.Fatalf("delete answers: %+v", r.Prune.Answers)
	}
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the open connection of a deleted account's user was not closed")
	}
	if nc, err := userConnect(t, url, gone); err == nil {
		nc.Close()
		t.Fatal("a user of a deleted account can still connect")
	}
	if r := e.push(t, s); !r.OK() || len(r.Prune.Deleted) != 0 {
		t.Fatalf("a third push is not a no-op: %+v", r.Prune)
	}
}
