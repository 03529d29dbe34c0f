package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/state"
)

// paymentsConfig has an exporter whose users are signed by a signing key,
// so that before the state was verified, an edited account key could be
// signed for without the seed of the key itself.
const paymentsConfig = `
operator "Test" {
  system_account = account.SYS
}

account "SYS" {}

account "Payments" {
  signing_key "users" {}

  user "teller" {
    signed_by = account.Payments.signing_key.users
  }

  service "pay" {
    subject = "pay"
  }
}

account "Shop" {
  user "web" {}

  import "pay" {
    service = account.Payments.service.pay
  }
}
`

// TestStateKeySwapOnServer edits public keys in the state to keys only
// an attacker holds, the way a pull request could: Payments' key (once
// signed for, so that the attacker served Payments' service to Shop after
// push) and a user's (once re-signed, so that the attacker logged in as
// that user). apply and push refuse, the state stays byte-identical, and
// on a real server the attacker's creds are refused while the legitimate
// request/reply still works.
func TestStateKeySwapOnServer(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), paymentsConfig)
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	statePath := filepath.Join(dir, defaultStatePath)
	good, _ := os.ReadFile(statePath)
	srv, err := live.StartEmbedded(readState(t, dir), "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	url := srv.ClientURL()
	mustRun(t, exitOK, dir, "push", "-server="+url)
	creds := writeCreds(t, dir, "Payments/teller", "Shop/web")

	evilAccount, _ := nkeys.CreateAccount()
	evilUser, _ := nkeys.CreateUser()
	swaps := map[string]string{"account.Payments": pub(t, evilAccount), "account.Shop.user.web": pub(t, evilUser)}
	for addr, key := range swaps {
		tampered := tamper(t, dir, func(st *state.State) { st.Get(addr).PublicKey = key })
		// Something to sign, so that apply has a reason to go on.
		editConfig(t, dir, `subject = "pay"`, `subject = "pay"
    description = "payments"`)
		code, out, errs := natsplan(t, dir, "apply", "-auto-approve", "-push", "-server="+url)
		if code != exitError || strings.Contains(out, "Apply complete") || !strings.Contains(errs, addr) {
			t.Fatalf("%s swapped: apply exited %d\n%s%s", addr, code, out, errs)
		}
		if now, _ := os.ReadFile(statePath); string(now) != string(tampered) {
			t.Fatalf("%s swapped: the refused apply changed the state", addr)
		}
		code, _, errs = natsplan(t, dir, "push", "-server="+url)
		if code != exitError || !strings.Contains(errs, "refusing to push a state that cannot be trusted") {
			t.Fatalf("%s swapped: push exited %d\n%s", addr, code, errs)
		}
		editConfig(t, dir, `
    description = "payments"`, "")
		writeFile(t, statePath, string(good))
	}

	// The attacker's own user of its account, and the attacker's seed with
	// web's JWT: both refused.
	uc := jwt.NewUserClaims(pub(t, evilUser))
	token, err := uc.Encode(evilAccount)
	if err != nil {
		t.Fatal(err)
	}
	webJWT := readState(t, dir).Get("account.Shop.user.web").JWT
	for name, tok := range map[string]string{"a user of the attacker's account": token, "web's JWT with the attacker's seed": webJWT} {
		if err := connectWith(url, tok, evilUser); err == nil {
			t.Errorf("%s connected", name)
		}
	}
	// Payments still serves Shop, with the creds natsplan wrote.
	teller, err := nats.Connect(url, nats.UserCredentials(creds("Payments", "teller")))
	if err != nil {
		t.Fatal(err)
	}
	defer teller.Close()
	if _, err := teller.Subscribe("pay", func(m *nats.Msg) { _ = m.Respond([]byte("paid")) }); err != nil {
		t.Fatal(err)
	}
	if err := teller.Flush(); err != nil {
		t.Fatal(err)
	}
	web, err := nats.Connect(url, nats.UserCredentials(creds("Shop", "web")))
	if err != nil {
		t.Fatal(err)
	}
	defer web.Close()
	if m, err := web.Request("pay", nil, 5*time.Second); err != nil || string(m.Data) != "paid" {
		t.Fatalf("Shop's request to Payments: %v", err)
	}
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan on the restored state:\n%s", out)
	}
}

// tamper edits the state file in place, as a hand edit would (no backup,
// no serial), and returns its new content.
func tamper(t *testing.T, dir string, edit func(*state.State)) []byte {
	t.Helper()
	st := readState(t, dir)
	edit(st)
	scratch := filepath.Join(t.TempDir(), "s.json")
	st.Serial--
	if err := state.Write(scratch, st); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(scratch)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, defaultStatePath), string(b))
	return b
}

// connectWith connects with a user JWT and the seed that signs the nonce.
func connectWith(url, token string, kp nkeys.KeyPair) error {
	nc, err := nats.Connect(url, nats.UserJWT(func() (string, error) { return token, nil }, kp.Sign), nats.MaxReconnects(0))
	if err != nil {
		return err
	}
	defer nc.Close()
	return nc.Flush()
}

func pub(t *testing.T, kp nkeys.KeyPair) string {
	t.Helper()
	k, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestServeRefusesStateThatCannotBeTrusted: serve verifies the state as
// push does, before it starts a server with it.
func TestServeRefusesStateThatCannotBeTrusted(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), paymentsConfig)
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	good, _ := os.ReadFile(filepath.Join(dir, defaultStatePath))
	tamper(t, dir, func(st *state.State) { st.Get("account.Payments").Kind = state.KindUser })
	code, out, errs := natsplan(t, dir, "serve", "-listen=127.0.0.1:0")
	if code != exitError || strings.Contains(out, "operator mode") ||
		!strings.Contains(errs, "refusing to serve a state that cannot be trusted") || !strings.Contains(errs, "account.Payments") {
		t.Fatalf("serve on a tampered state: exit %d\n%s%s", code, out, errs)
	}
	writeFile(t, filepath.Join(dir, defaultStatePath), string(good))
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan on the restored state:\n%s", out)
	}
}
