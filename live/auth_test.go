package live

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/natstest"
)

// TestSystemUser checks the user natsplan signs for itself: issued by the
// system account, expiring, and allowed only system requests and replies.
func TestSystemUser(t *testing.T) {
	sys, user := e2(t, nkeys.CreateAccount), e2(t, nkeys.CreateUser)
	token, err := SystemUser(sys, user, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	uc, err := jwt.DecodeUserClaims(token)
	if err != nil {
		t.Fatal(err)
	}
	if uc.Issuer != pub(t, sys) || uc.Subject != pub(t, user) {
		t.Errorf("issuer %s subject %s", uc.Issuer, uc.Subject)
	}
	if left := time.Until(time.Unix(uc.Expires, 0)); left <= 0 || left > time.Minute {
		t.Errorf("expires in %v, want within a minute", left)
	}
	if !uc.Pub.Allow.Contains("$SYS.REQ.>") || len(uc.Pub.Allow) != 1 || len(uc.Sub.Allow) != 1 || !uc.Sub.Allow.Contains("_INBOX.>") {
		t.Errorf("permissions: %+v", uc.Permissions)
	}
}

// TestCredsAuth pushes with a creds file of a system user instead of the
// system account's key.
func TestCredsAuth(t *testing.T) {
	e := newEnv(t)
	e.newAccount(t, "A")
	user := e2(t, nkeys.CreateUser)
	token, err := SystemUser(e.system, user, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := user.Seed()
	creds, err := jwt.FormatUserConfig(token, seed)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "sys.creds")
	if err := os.WriteFile(file, creds, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Dial(t.Context(), []string{e.start(t)}, CredsAuth(file), Options{Quiet: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r := e.push(t, s); !r.OK() {
		t.Fatalf("push with creds failed: %+v", r.Accounts)
	}
}

// TestDialRefused checks that a server that does not trust natsplan's
// system user is reported with its URL, and that Dial fails when no
// server is left.
func TestDialRefused(t *testing.T) {
	e, other := newEnv(t), newEnv(t)
	// A server of another operator; it asks its peers about natsplan's
	// unknown system account before refusing, for at most 500ms.
	url := natstest.Start(t, strings.Replace(other.conf(t), `timeout: "5s"`, `timeout: "500ms"`, 1)).ClientURL()
	auth, err := KeystoreAuth(e.st, e.ks)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Dial(t.Context(), []string{url}, auth, Options{Quiet: 2 * time.Second})
	if err == nil || !containsAll(err.Error(), url, "does it trust this operator") {
		t.Fatalf("dial: %v", err)
	}
	s, err := Dial(t.Context(), []string{url, e.start(t)}, auth, Options{Quiet: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.Unreachable) != 1 || s.Unreachable[0].URL != url || s.Expected() != 1 {
		t.Fatalf("unreachable %+v, expected %d", s.Unreachable, s.Expected())
	}
	if r := e.push(t, s); r.OK() {
		t.Fatal("a push that could not reach one of its URLs reports success")
	}
}

// TestServerURLs checks where servers come from: flags, then NATS_URL,
// then the operator's service URLs.
func TestServerURLs(t *testing.T) {
	e := newEnv(t)
	t.Setenv("NATS_URL", "")
	if _, err := ServerURLs(nil, e.st); err == nil {
		t.Error("no flags, no NATS_URL, no service URLs: want an error")
	}
	oc := jwt.NewOperatorClaims(pub(t, e.operator))
	oc.Name, oc.SystemAccount = "Test", pub(t, e.system)
	oc.OperatorServiceURLs.Add("nats://op:4222")
	e.put(t, "operator.Test", "operator", "Test", oc, e.operator)
	for _, c := range []struct {
		flags []string
		env   string
		want  string
	}{
		{nil, "", "nats://op:4222"},
		{nil, "nats://env:1, nats://env:2", "nats://env:1 nats://env:2"},
		{[]string{"nats://a:1,nats://b:2", "nats://c:3"}, "nats://env:1", "nats://a:1 nats://b:2 nats://c:3"},
	} {
		t.Setenv("NATS_URL", c.env)
		got, err := ServerURLs(c.flags, e.st)
		if err != nil || joined(got) != c.want {
			t.Errorf("flags %q, NATS_URL %q: got %q, %v; want %q", c.flags, c.env, got, err, c.want)
		}
	}
}

func joined(s []string) string { return strings.Join(s, " ") }

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
