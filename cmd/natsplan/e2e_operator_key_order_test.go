package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/state"
)

// orderConfig is an operator with signing keys k1 (and k2 when asked),
// whose accounts App and Ops are signed by signedBy.
func orderConfig(keys, signedBy string) string {
	return `operator "Test" {
  system_account = account.SYS
` + keys + `
}

account "SYS" {}

account "App" {
  signed_by = operator.Test.signing_key.` + signedBy + `
  user "a" {}
  user "b" {}
}

account "Ops" {
  signed_by = operator.Test.signing_key.` + signedBy + `
  user "o" {}
}
`
}

// orderServer is one nats-server started from natsplan server-config with
// a full resolver whose directory outlives restarts.
type orderServer struct {
	dir, jwtDir string
	srv         *server.Server
}

// restart stops the server, if one runs, and starts one on the
// configuration server-config prints now, with the same resolver files.
func (o *orderServer) restart(t *testing.T) string {
	t.Helper()
	if o.srv != nil {
		o.srv.Shutdown()
		o.srv.WaitForShutdown()
	}
	o.srv = natstest.Start(t, mustRun(t, exitOK, o.dir, "server-config", "-resolver=full", "-jwt-dir="+o.jwtDir))
	return "-server=" + o.srv.ClientURL()
}

// TestOperatorKeyOrderPush moves accounts from operator signing key k1
// to a new key k2 on a real nats-server. push refuses while the server
// still runs the operator JWT without k2, and changes nothing; once the
// server restarts on server-config's operator JWT, push goes through and
// users connect. Removing k1 later works the same way, and the server
// then refuses an account JWT signed by k1.
func TestOperatorKeyOrderPush(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), orderConfig(`  signing_key "k1" {}`, "k1"))
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	o := &orderServer{dir: dir, jwtDir: t.TempDir()}
	at := o.restart(t)
	mustRun(t, exitOK, dir, "push", at)
	creds := writeCreds(t, dir, "App/a", "App/b", "Ops/o")
	flowOK(t, o.srv.ClientURL(), creds("App", "a"), creds("App", "b"))
	k1 := readState(t, dir).Get("operator.Test").SigningKeys["k1"]

	writeFile(t, filepath.Join(dir, "main.hcl"), orderConfig("  signing_key \"k1\" {}\n  signing_key \"k2\" {}", "k2"))
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	st := readState(t, dir)
	k2 := st.Get("operator.Test").SigningKeys["k2"]
	if k2 == "" || st.Get("account.App").Issuer != k2 {
		t.Fatalf("apply did not sign App with k2 (%s): issuer %s", k2, st.Get("account.App").Issuer)
	}
	code, conf, errs := natsplan(t, dir, "server-config", "-resolver=full", "-jwt-dir="+o.jwtDir, at)
	if keys := confSigningKeys(t, conf); code != exitOK || !keys[k1] || !keys[k2] {
		t.Fatalf("server-config after adding k2: exit %d, operator JWT with signing keys %v, want k1 and k2\n%s", code, keys, errs)
	}
	if want := "Note: server " + o.srv.Name() + " runs another operator JWT than this configuration: lacks signing key `k2` (" + k2 + ")"; !strings.Contains(errs, want) {
		t.Errorf("server-config -server does not say %q:\n%s", want, errs)
	}
	held := heldJWT(t, dir, o.srv.ClientURL(), st.Get("account.App").PublicKey)
	before := stateBytes(t, dir)
	code, out, errs := natsplan(t, dir, "push", at)
	if code != exitError {
		t.Fatalf("push under an operator JWT without k2: exit %d, want %d\n%s%s", code, exitError, out, errs)
	}
	for _, want := range []string{
		"refusing to push: nothing was sent",
		`account.App (` + st.Get("account.App").PublicKey + `) is signed by operator signing key "k2" (` + k2 + `), which the operator JWT of server ` + o.srv.Name() + ` does not list`,
		`account.Ops (`,
		"deploy the operator JWT from `natsplan server-config` to these servers and restart or reload them, then push again",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, errs)
		}
	}
	if !bytes.Equal(before, stateBytes(t, dir)) {
		t.Error("a refused push changed the state")
	}
	if now := heldJWT(t, dir, o.srv.ClientURL(), st.Get("account.App").PublicKey); now != held {
		t.Error("a refused push changed what the server holds for App")
	}
	flowOK(t, o.srv.ClientURL(), creds("App", "a"), creds("App", "b"))

	at = o.restart(t)
	mustRun(t, exitOK, dir, "push", at)
	if _, _, errs := natsplan(t, dir, "server-config", at); strings.Contains(errs, "Note:") {
		t.Errorf("server-config -server notes a difference with a server started on it:\n%s", errs)
	}
	if got := heldJWT(t, dir, o.srv.ClientURL(), st.Get("account.App").PublicKey); got != st.Get("account.App").JWT {
		t.Fatal("after the restart and push, the server does not hold App signed by k2")
	}
	flowOK(t, o.srv.ClientURL(), creds("App", "a"), creds("App", "b"))
	expectNoChanges(t, dir, at)

	writeFile(t, filepath.Join(dir, "main.hcl"), orderConfig(`  signing_key "k2" {}`, "k2"))
	if out := mustRun(t, exitOK, dir, "plan", at); !strings.Contains(out, "No JWT on the servers is still signed by operator signing key `k1` ("+k1+"), which this plan drops.") {
		t.Errorf("plan -server that drops k1 does not say that nothing on the server is still signed by it:\n%s", out)
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	code, conf, errs = natsplan(t, dir, "server-config", "-resolver=full", "-jwt-dir="+o.jwtDir, at)
	if keys := confSigningKeys(t, conf); code != exitOK || keys[k1] || !keys[k2] ||
		!strings.Contains(conf, readState(t, dir).Get("operator.Test").JWT) {
		t.Fatalf("server-config after removing k1: exit %d, operator JWT with signing keys %v, want k2 only\n%s", code, keys, errs)
	}
	if want := "still lists signing key " + k1 + ", which this operator JWT drops"; !strings.Contains(errs, want) {
		t.Errorf("server-config -server does not say %q:\n%s", want, errs)
	}
	at = o.restart(t)
	mustRun(t, exitOK, dir, "push", at)
	flowOK(t, o.srv.ClientURL(), creds("App", "a"), creds("App", "b"))
	expectNoChanges(t, dir, at)
	refusesK1(t, dir, o.srv.ClientURL(), k1, k2)
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan is not clean:\n%s", out)
	}
}

// refusesK1 signs a new account with the removed key k1, as someone
// holding its seed could, and pushes it behind natsplan's back. The full
// resolver stores it ("jwt updated": it does not check the issuer), but
// the server refuses the account: its user cannot connect, while the
// same account signed by k2 is served.
func refusesK1(t *testing.T, dir, url, k1, k2 string) {
	t.Helper()
	ks, err := state.OpenKeystore(filepath.Join(dir, defaultKeystore))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key   string
		serve bool
	}{{k1, false}, {k2, true}} {
		signer, err := ks.Get(c.key)
		if err != nil {
			t.Fatalf("signing key %s is not in the keystore: %v", c.key, err)
		}
		acct, user := must(nkeys.CreateAccount()), must(nkeys.CreateUser())
		ac := jwt.NewAccountClaims(pub(t, acct))
		ac.Name = "Rogue"
		nc := sysConn(t, dir, url)
		m, err := nc.Request("$SYS.REQ.CLAIMS.UPDATE", []byte(must(ac.Encode(signer))), e2eWait)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("an account signed by %s pushed: %s", c.key, m.Data)
		uc := jwt.NewUserClaims(pub(t, user))
		token := must(uc.Encode(acct))
		conn, err := nats.Connect(url, nats.UserJWT(func() (string, error) { return token, nil }, user.Sign), nats.MaxReconnects(0))
		if err == nil {
			conn.Close()
		}
		if served := err == nil; served != c.serve {
			t.Errorf("a user of an account signed by %s connects: %v, want %v (%v)", c.key, served, c.serve, err)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// confSigningKeys decodes the operator JWT of a server configuration
// and returns its signing keys.
func confSigningKeys(t *testing.T, conf string) map[string]bool {
	t.Helper()
	for _, line := range strings.Split(conf, "\n") {
		if token, ok := strings.CutPrefix(line, "operator: "); ok {
			oc, err := jwt.DecodeOperatorClaims(token)
			if err != nil {
				t.Fatalf("the configuration's operator JWT does not decode: %v", err)
			}
			keys := map[string]bool{}
			for _, k := range oc.SigningKeys {
				keys[k] = true
			}
			return keys
		}
	}
	t.Fatalf("no operator line in the configuration:\n%s", conf)
	return nil
}

// heldJWT is the JWT the server at url holds for the account key.
func heldJWT(t *testing.T, dir, url, key string) string {
	t.Helper()
	m, err := sysConn(t, dir, url).Request("$SYS.REQ.ACCOUNT."+key+".CLAIMS.LOOKUP", nil, e2eWait)
	if err != nil {
		t.Fatal(err)
	}
	return string(m.Data)
}

// flowOK checks that a user of sub's account answers a request of req's.
func flowOK(t *testing.T, url, sub, req string) {
	t.Helper()
	nc, err := nats.Connect(url, nats.UserCredentials(sub))
	if err != nil {
		t.Fatalf("the replying user cannot connect: %v", err)
	}
	defer nc.Close()
	if _, err := nc.Subscribe("orders", func(m *nats.Msg) { _ = m.Respond([]byte("ok")) }); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	rc, err := nats.Connect(url, nats.UserCredentials(req))
	if err != nil {
		t.Fatalf("the requesting user cannot connect: %v", err)
	}
	defer rc.Close()
	if m, err := rc.Request("orders", []byte("1"), e2eWait); err != nil || string(m.Data) != "ok" {
		t.Fatalf("no answer on orders: %v", err)
	}
}

func stateBytes(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, defaultStatePath))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// expectNoChanges plans against the server: no changes, no drift.
func expectNoChanges(t *testing.T, dir, at string) {
	t.Helper()
	if out := mustRun(t, exitOK, dir, "plan", at); !strings.Contains(out, "No changes.") || !strings.Contains(out, "No drift") {
		t.Fatalf("plan is not clean:\n%s", out)
	}
}
