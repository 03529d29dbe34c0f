package main

// Staged rotation of signing keys on a real nats-server (issue 14):
// retire keeps what the key signed working while it is re-signed, the
// removal of the block then makes the server refuse it, and compromised
// does both at once. An operator key's rotation runs with the server
// restarted on the new server-config before each push, as the plan says.

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/flows"
	"github.com/natsplan/natsplan/internal/natstest"
)

// rotateConfig is the configuration of a rotation step: {OP} and {ACCT}
// are the operator's and account A's signing keys, {ASIGNER} and {USIGNER}
// the keys A and its users are signed by.
const rotateConfig = `operator "Test" {
  system_account = account.SYS
{OP}
}

account "SYS" {
  signed_by = operator.Test.signing_key.{ASIGNER}
}

account "A" {
  signed_by = operator.Test.signing_key.{ASIGNER}
{ACCT}
  user "u" {
    signed_by = account.A.signing_key.{USIGNER}
  }
  user "v" {
    signed_by = account.A.signing_key.{USIGNER}
  }
}
`

type rotateStep struct{ op, acct, accountSigner, userSigner string }

func (s rotateStep) write(t *testing.T, dir string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "main.hcl"), strings.NewReplacer("{OP}", s.op, "{ACCT}", s.acct,
		"{ASIGNER}", s.accountSigner, "{USIGNER}", s.userSigner).Replace(rotateConfig))
}

// rotateWorkdir applies the first step and starts a server on its
// server-config with a full resolver, the accounts pushed.
func rotateWorkdir(t *testing.T, first rotateStep) (dir, jwtDir string, srv *server.Server) {
	t.Helper()
	dir, jwtDir = t.TempDir(), t.TempDir()
	first.write(t, dir)
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	srv = startOnConfig(t, dir, jwtDir)
	mustRun(t, exitOK, dir, "push", "-server="+srv.ClientURL())
	return dir, jwtDir, srv
}

func startOnConfig(t *testing.T, dir, jwtDir string) *server.Server {
	t.Helper()
	return natstest.Start(t, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+jwtDir))
}

// applyStep writes step, applies it and checks that the plan said each
// of want, then that planning again finds nothing.
func applyStep(t *testing.T, dir string, step rotateStep, want ...string) {
	t.Helper()
	step.write(t, dir)
	out := mustRun(t, exitOK, dir, "plan")
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("the plan does not say %q:\n%s", w, out)
		}
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the step is not clean:\n%s", out)
	}
}

// roundTrip checks that nc, connected all along, still exchanges messages.
func roundTrip(t *testing.T, nc *nats.Conn, when string) {
	t.Helper()
	if !nc.IsConnected() {
		t.Fatalf("%s: the connected user was disconnected", when)
	}
	msg, err := nc.Request("rotate.echo", []byte(when), 5*time.Second)
	if err != nil || string(msg.Data) != when {
		t.Fatalf("%s: the connected user's request: %v %q", when, err, msgData(msg))
	}
}

func msgData(m *nats.Msg) string {
	if m == nil {
		return ""
	}
	return string(m.Data)
}

// connectEcho connects with creds and answers rotate.echo with what it gets.
func connectEcho(t *testing.T, url, creds string) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(url, nats.UserCredentials(creds), nats.MaxReconnects(0))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(nc.Close)
	if _, err := nc.Subscribe("rotate.echo", func(m *nats.Msg) { _ = m.Respond(m.Data) }); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return nc
}

func wantRefused(t *testing.T, url, creds, what string) {
	t.Helper()
	if err := flows.Connect(url, creds); err == nil || !strings.Contains(err.Error(), "Authorization Violation") {
		t.Errorf("%s: got %v, want an authorization violation", what, err)
	}
}

func wantConnects(t *testing.T, url, creds, what string) {
	t.Helper()
	if err := flows.Connect(url, creds); err != nil {
		t.Errorf("%s: refused: %v", what, err)
	}
}

// credsOf writes u's creds to dir/name and returns the path.
func credsOf(t *testing.T, dir, user, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	mustRun(t, exitOK, dir, "creds", "A", user, "-o", path)
	return path
}

func TestRotateAccountSigningKey(t *testing.T) {
	op := `  signing_key "accounts" {}`
	dir, _, srv := rotateWorkdir(t, rotateStep{op, `  signing_key "a1" {}`, "accounts", "a1"})
	url := srv.ClientURL()
	oldU, oldV := credsOf(t, dir, "u", "u.old.creds"), credsOf(t, dir, "v", "v.old.creds")
	nc := connectEcho(t, url, oldU)
	roundTrip(t, nc, "before")
	oldKey := readState(t, dir).Get("account.A").SigningKeys["a1"]

	applyStep(t, dir, rotateStep{op, "  signing_key \"a1\" { retire = true }\n  signing_key \"a2\" {}", "accounts", "a2"},
		"re-signed: signing key `a1` is retiring", "2 creds files must be handed out again")
	mustRun(t, exitOK, dir, "push", "-server="+url)
	roundTrip(t, nc, "after retire")
	wantConnects(t, url, oldV, "v's old creds while a1 is retiring")
	newV := credsOf(t, dir, "v", "v.new.creds")
	if bytesEqual(t, oldV, newV) {
		t.Fatal("the retire step did not give v a new creds file")
	}
	wantConnects(t, url, newV, "v's new creds")
	if iss := readState(t, dir).Get("account.A.user.v").Issuer; iss == oldKey {
		t.Fatalf("v is still issued by the retiring key %s", iss)
	}

	applyStep(t, dir, rotateStep{op, `  signing_key "a2" {}`, "accounts", "a2"},
		"signing key `a1` ("+oldKey+") is dropped from account A: no JWT in the state is signed by it")
	mustRun(t, exitOK, dir, "push", "-server="+url)
	wantRefused(t, url, oldV, "v's old creds once a1 is dropped")
	wantRefused(t, url, oldU, "u's old creds once a1 is dropped")
	wantConnects(t, url, newV, "v's new creds once a1 is dropped")
	wantConnects(t, url, credsOf(t, dir, "u", "u.new.creds"), "u's new creds once a1 is dropped")
}

func TestRotateCompromisedAccountSigningKey(t *testing.T) {
	op := `  signing_key "accounts" {}`
	dir, _, srv := rotateWorkdir(t, rotateStep{op, `  signing_key "a1" {}`, "accounts", "a1"})
	url := srv.ClientURL()
	oldU := credsOf(t, dir, "u", "u.old.creds")
	wantConnects(t, url, oldU, "u's creds before the compromise")

	applyStep(t, dir, rotateStep{op, "  signing_key \"a1\" { compromised = true }\n  signing_key \"a2\" {}", "accounts", "a2"},
		"re-signed: signing key `a1` is compromised", "every creds file signing key `a1` issued stops working now: 2 users (A u, A v)")
	mustRun(t, exitOK, dir, "push", "-server="+url)
	wantRefused(t, url, oldU, "u's old creds after the compromise")
	wantConnects(t, url, credsOf(t, dir, "u", "u.new.creds"), "u's new creds after the compromise")
	wantConnects(t, url, credsOf(t, dir, "v", "v.new.creds"), "v's new creds after the compromise")
}

func TestRotateOperatorSigningKey(t *testing.T) {
	acct := `  signing_key "a1" {}`
	dir, jwtDir, srv := rotateWorkdir(t, rotateStep{`  signing_key "o1" {}`, acct, "o1", "a1"})
	u := credsOf(t, dir, "u", "u.creds")
	wantConnects(t, srv.ClientURL(), u, "u before the rotation")
	oldKey := readState(t, dir).Get("operator.Test").SigningKeys["o1"]
	signedByO1 := stateJWT(t, dir, "account.A")
	order := "1. deploy the new operator JWT to every server (natsplan server-config), restart or reload them"

	applyStep(t, dir, rotateStep{"  signing_key \"o1\" { retire = true }\n  signing_key \"o2\" {}", acct, "o2", "a1"},
		"re-signed: signing key `o1` is retiring", order, "2. natsplan push")
	srv.Shutdown()
	srv = startOnConfig(t, dir, jwtDir) // the old accounts, under an operator JWT that lists o1 and o2
	wantConnects(t, srv.ClientURL(), u, "u on the restarted server, before the push")
	mustRun(t, exitOK, dir, "push", "-server="+srv.ClientURL())
	wantConnects(t, srv.ClientURL(), u, "u after the push of accounts signed by o2")
	if iss := readState(t, dir).Get("account.A").Issuer; iss == oldKey {
		t.Fatalf("account A is still issued by the retiring key %s", iss)
	}

	applyStep(t, dir, rotateStep{`  signing_key "o2" {}`, acct, "o2", "a1"},
		"signing key `o1` ("+oldKey+") is dropped from operator Test", order)
	srv.Shutdown()
	srv = startOnConfig(t, dir, jwtDir)
	mustRun(t, exitOK, dir, "push", "-server="+srv.ClientURL())
	wantConnects(t, srv.ClientURL(), u, "u once o1 is dropped")

	// A server on the new configuration that holds account A's JWT
	// signed by o1 refuses A's users; with natsplan's A they connect.
	fresh := startOnConfig(t, dir, t.TempDir())
	if answer := pushToken(t, dir, fresh.ClientURL(), signedByO1); !strings.Contains(answer, "jwt updated") {
		t.Fatalf("the resolver does not store A's old JWT: %s", answer)
	}
	wantRefused(t, fresh.ClientURL(), u, "u under account A's JWT signed by the dropped o1")
	mustRun(t, exitOK, dir, "push", "-server="+fresh.ClientURL())
	wantConnects(t, fresh.ClientURL(), u, "u once natsplan's account A is pushed")
}

// pushToken sends one account JWT to the server's resolver behind
// natsplan's back and returns the answer.
func pushToken(t *testing.T, dir, url, token string) string {
	t.Helper()
	msg, err := sysConn(t, dir, url).Request("$SYS.REQ.CLAIMS.UPDATE", []byte(token), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return string(msg.Data)
}

func stateJWT(t *testing.T, dir, addr string) string {
	t.Helper()
	tok, err := readState(t, dir).Get(addr).LoadJWT()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func bytesEqual(t *testing.T, a, b string) bool {
	t.Helper()
	return string(readFile(t, a)) == string(readFile(t, b))
}
