package live

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/natstest"
)

// TestPushRefused pushes into a resolver that is full: the server refuses
// the account it has no room for, and the report names both.
func TestPushRefused(t *testing.T) {
	e := newEnv(t)
	e.newAccount(t, "A")
	e.newAccount(t, "B")
	// Room for two JWTs: the preloaded system account and A.
	conf := strings.Replace(e.conf(t), "allow_delete: true", "allow_delete: true\n  limit: 2", 1)
	srv := natstest.Start(t, conf)
	r := e.push(t, e.dial(t, 2*time.Second, srv.ClientURL()))
	if r.OK() {
		t.Fatal("push into a full resolver reports success")
	}
	for _, ap := range r.Accounts {
		refused := ap.Address == "account.B"
		if len(ap.Answers) != 1 || ap.Answers[0].Server != srv.Name() || ap.Answers[0].OK == refused {
			t.Errorf("%s: answers %+v, want one from %s, refused=%v", ap.Address, ap.Answers, srv.Name(), refused)
		}
		if refused && !strings.Contains(ap.Answers[0].Text, "jwt store is full") {
			t.Errorf("%s: refusal says %q", ap.Address, ap.Answers[0].Text)
		}
		if ap.OK() == refused {
			t.Errorf("%s: OK() = %v", ap.Address, ap.OK())
		}
	}
}

// TestPushUnanswered pushes to a server in operator mode whose resolver
// does not take pushes (memory): it answers nothing, and the report says
// which server is missing for every account.
func TestPushUnanswered(t *testing.T) {
	e := newEnv(t)
	e.newAccount(t, "A")
	var conf bytes.Buffer
	if err := ServerConfig(&conf, e.st, ConfigOptions{Resolver: ResolverMemory}); err != nil {
		t.Fatal(err)
	}
	srv := natstest.Start(t, conf.String())
	// The quiet time bounds discovery too, where the server must answer
	// the ping in time even on a busy machine.
	r := e.push(t, e.dial(t, 2*time.Second, srv.ClientURL()))
	if r.OK() {
		t.Fatal("push to a server that never answers reports success")
	}
	for _, ap := range r.Accounts {
		if len(ap.Answers) != 0 || len(ap.Missing) != 1 || ap.Missing[0] != srv.Name() {
			t.Errorf("%s: answers %+v, missing %v; want no answer and %s missing", ap.Address, ap.Answers, ap.Missing, srv.Name())
		}
	}
}
