package main

// End to end: the claims natsplan signs for permissions, connection types,
// bearer tokens, token-position exports, mappings, JetStream limits, scoped
// roles and expiry, loaded into a real nats-server (JetStream on), and each
// checked both ways: what is allowed works, what is not is refused.

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/internal/natstest"
)

const e2eConfig = `
operator "E2E" {
  system_account = account.SYS
  signing_key "accounts" {}
}

account "SYS" {}

account "App" {
  signed_by = operator.E2E.signing_key.accounts
  service "svc" {
    subject                = "svc.*"
    account_token_position = 2
  }
  mapping "m.*" { to = "n.$1" }
  service "priv" {
    subject = "priv.>"
    private = true
  }
  signing_key "grants" {}
  signing_key "dev" {
    role = "developer"
    template {
      allow_pub = ["dev.>"]
      allow_sub = ["_INBOX.>"]
    }
  }
  user "replier" {
    allow_sub          = ["svc.>", "req"]
    allow_pub_response = true
  }
  user "client" {
    allow_pub = ["req", "allowed.>", "m.>"]
    deny_pub  = ["allowed.secret"]
    allow_sub = ["_INBOX.>", "n.>"]
    deny_sub  = ["n.secret"]
  }
  user "ws_only" { connection_types = ["WEBSOCKET"] }
  user "std_only" { connection_types = ["STANDARD"] }
  user "bearer" { bearer_token = true }
  user "dev" { signed_by = account.App.signing_key.dev }
  user "short" { expires_in = "5s" }
  user "privy" {
    allow_sub          = ["priv.>"]
    allow_pub_response = true
  }
}

account "Imp" {
  user "u" {}
  import "svc" { service = account.App.service.svc }
  import "priv" { service = account.App.service.priv }
}

grant "priv_to_imp" {
  service   = account.App.service.priv
  to        = account.Imp
  signed_by = account.App.signing_key.grants
}

account "Store" {
  jetstream {
    enabled        = true
    streams        = 1
    memory_storage = "1M"
  }
  user "u" {}
}

account "Tiers" {
  jetstream {
    enabled = true
    tier "R1" { streams = 1 }
  }
  user "u" {}
}
`

// e2eWorld is the applied configuration and the server running it.
type e2eWorld struct {
	url   string
	creds func(account, user string) string
	app   *applied
}

func startE2E(t *testing.T) *e2eWorld {
	t.Helper()
	a := applySrc(t, e2eConfig)
	creds := writeCreds(t, a.dir, "App/replier", "App/client", "App/ws_only", "App/std_only", "App/bearer",
		"App/dev", "App/short", "App/privy", "Imp/u", "Store/u", "Tiers/u")
	conf := mustRun(t, exitOK, a.dir, "server-config") +
		fmt.Sprintf("\njetstream: {store_dir: %q}\n", filepath.Join(t.TempDir(), "js"))
	srv := natstest.Start(t, conf)
	return &e2eWorld{url: srv.ClientURL(), creds: creds, app: a}
}

// connect connects as a user and collects asynchronous errors, which is
// how nats-server reports permission violations.
func (w *e2eWorld) connect(t *testing.T, account, user string) (*nats.Conn, *asyncErrors) {
	t.Helper()
	errs := &asyncErrors{}
	nc, err := nats.Connect(w.url, nats.UserCredentials(w.creds(account, user)), nats.MaxReconnects(0),
		nats.ErrorHandler(errs.handler))
	if err != nil {
		t.Fatalf("%s/%s cannot connect: %v", account, user, err)
	}
	t.Cleanup(nc.Close)
	return nc, errs
}

type asyncErrors struct {
	mu   sync.Mutex
	errs []string
}

func (a *asyncErrors) handler(_ *nats.Conn, _ *nats.Subscription, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.errs = append(a.errs, err.Error())
}

// wait returns once an error mentioning what arrived, or fails.
func (a *asyncErrors) wait(t *testing.T, what string) {
	t.Helper()
	deadline := time.Now().Add(e2eWait)
	for time.Now().Before(deadline) {
		a.mu.Lock()
		for _, e := range a.errs {
			if strings.Contains(e, what) {
				a.mu.Unlock()
				return
			}
		}
		a.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no error about %q; errors: %v", what, a.errs)
}

func TestFeaturesOnServer(t *testing.T) {
	w := startE2E(t)
	// The user with a short life connects first, while its JWT is young,
	// and is refused last, once it has expired: the other checks run
	// meanwhile instead of before, where a busy machine could use up the
	// JWT's life before it was tried.
	t.Run("valid before expiry", w.beforeExpiry)
	t.Run("user permissions", w.userPermissions)
	t.Run("response permissions and token position", w.responsesAndTokenPosition)
	t.Run("connection types", w.connectionTypes)
	t.Run("bearer token", w.bearer)
	t.Run("mapping", w.mapping)
	t.Run("scoped role", w.scopedRole)
	t.Run("grant signed by a signing key", w.grantSignedByKey)
	t.Run("JetStream limits", w.jetStreamLimits)
	t.Run("refused after expiry", w.afterExpiry)
}

func (w *e2eWorld) userPermissions(t *testing.T) {
	nc, errs := w.connect(t, "App", "client")
	if _, err := nc.SubscribeSync("allowed.>"); err != nil {
		t.Fatal(err)
	}
	errs.wait(t, `Permissions Violation for Subscription to "allowed.>"`)
	if _, err := nc.SubscribeSync("n.secret"); err != nil {
		t.Fatal(err)
	}
	errs.wait(t, `Permissions Violation for Subscription to "n.secret"`)
	if err := nc.Publish("allowed.secret", nil); err != nil {
		t.Fatal(err)
	}
	errs.wait(t, `Permissions Violation for Publish to "allowed.secret"`)
	if err := nc.Publish("elsewhere", nil); err != nil {
		t.Fatal(err)
	}
	errs.wait(t, `Permissions Violation for Publish to "elsewhere"`)
	inbox, err := nc.SubscribeSync("n.ok")
	if err != nil {
		t.Fatal(err)
	}
	// Another connection publishes: the server must have the subscription
	// before that, and only a round trip on this connection makes sure.
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	bearer := w.connectBearer(t)
	if err := bearer.Publish("n.ok", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := inbox.NextMsg(e2eWait); err != nil {
		t.Fatalf("a message on an allowed subscription did not arrive: %v", err)
	}
}

// connectBearer connects as the user without permissions.
func (w *e2eWorld) connectBearer(t *testing.T) *nats.Conn {
	t.Helper()
	nc, _ := w.connect(t, "App", "bearer")
	return nc
}

func (w *e2eWorld) responsesAndTokenPosition(t *testing.T) {
	rep, errs := w.connect(t, "App", "replier")
	if _, err := rep.Subscribe("svc.>", func(m *nats.Msg) { _ = m.Respond([]byte("svc:" + m.Subject)) }); err != nil {
		t.Fatal(err)
	}
	if _, err := rep.Subscribe("req", func(m *nats.Msg) { _ = m.Respond([]byte("pong")) }); err != nil {
		t.Fatal(err)
	}
	if err := rep.Flush(); err != nil {
		t.Fatal(err)
	}
	client, _ := w.connect(t, "App", "client")
	msg, err := client.Request("req", nil, e2eWait)
	if err != nil || string(msg.Data) != "pong" {
		t.Fatalf("the replier may publish only responses, and this one was not delivered: %v", err)
	}
	if err := rep.Publish("anywhere", nil); err != nil {
		t.Fatal(err)
	}
	errs.wait(t, `Permissions Violation for Publish to "anywhere"`)

	imp, _ := w.connect(t, "Imp", "u")
	own := "svc." + w.app.key(t, "account.Imp")
	msg, err = imp.Request(own, nil, e2eWait)
	if err != nil || string(msg.Data) != "svc:"+own {
		t.Fatalf("request on the importer's own token was not served: %v", err)
	}
	if _, err := imp.Request("svc.someone-else", nil, 500*time.Millisecond); err == nil {
		t.Fatal("a request outside the importer's token position was served")
	}
}

func (w *e2eWorld) connectionTypes(t *testing.T) {
	w.connect(t, "App", "std_only")
	_, err := nats.Connect(w.url, nats.UserCredentials(w.creds("App", "ws_only")), nats.MaxReconnects(0))
	if err == nil || !strings.Contains(err.Error(), "Authorization Violation") {
		t.Fatalf("a WEBSOCKET-only user connected over a standard connection: %v", err)
	}
}

// bearer connects with the user's JWT and a signature that proves nothing:
// nats-server accepts it only from a bearer token.
func (w *e2eWorld) bearer(t *testing.T) {
	try := func(user string) error {
		token := w.app.st.Get("account.App.user." + user).JWT
		nc, err := nats.Connect(w.url, nats.MaxReconnects(0), nats.UserJWT(
			func() (string, error) { return token, nil },
			func([]byte) ([]byte, error) { return []byte("not a signature"), nil }))
		if err == nil {
			nc.Close()
		}
		return err
	}
	if err := try("bearer"); err != nil {
		t.Fatalf("the bearer user was refused without a nonce signature: %v", err)
	}
	if err := try("std_only"); err == nil {
		t.Fatal("a user that is not a bearer token connected without signing the nonce")
	}
}

// mapping publishes on m.hello and receives on n.hello. nats-server checks
// publish permissions on the mapped subject, so the publisher here is the
// user without permissions.
func (w *e2eWorld) mapping(t *testing.T) {
	nc := w.connectBearer(t)
	sub, err := nc.SubscribeSync("n.*")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish("m.hello", []byte("mapped")); err != nil {
		t.Fatal(err)
	}
	msg, err := sub.NextMsg(e2eWait)
	if err != nil || msg.Subject != "n.hello" {
		t.Fatalf("a publish on m.hello did not arrive on n.hello: %v", err)
	}
}

func (w *e2eWorld) scopedRole(t *testing.T) {
	r := w.app.st.Get("account.App.user.dev")
	uc, err := jwt.DecodeUserClaims(r.JWT)
	if err != nil || !uc.HasEmptyPermissions() || uc.IssuerAccount == "" {
		t.Fatalf("the user of a role carries permissions of its own, or no issuer account: %v", err)
	}
	nc, errs := w.connect(t, "App", "dev")
	if err := nc.Publish("dev.x", nil); err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish("prod.x", nil); err != nil {
		t.Fatal(err)
	}
	errs.wait(t, `Permissions Violation for Publish to "prod.x"`)
	errs.mu.Lock()
	defer errs.mu.Unlock()
	for _, e := range errs.errs {
		if strings.Contains(e, "dev.x") {
			t.Errorf("the role's template does not allow dev.x: %s", e)
		}
	}
}

func (w *e2eWorld) jetStreamLimits(t *testing.T) {
	for _, acct := range []string{"Store", "Tiers"} {
		nc, _ := w.connect(t, acct, "u")
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		cfg := jetstream.StreamConfig{Name: "ONE", Subjects: []string{"one"}, Storage: jetstream.MemoryStorage, Replicas: 1}
		if _, err := js.CreateStream(ctx, cfg); err != nil {
			t.Fatalf("%s: the first stream is refused: %v", acct, err)
		}
		cfg.Name, cfg.Subjects = "TWO", []string{"two"}
		_, err = js.CreateStream(ctx, cfg)
		if !errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount) &&
			(err == nil || !strings.Contains(strings.ToLower(err.Error()), "maximum number of streams")) {
			t.Fatalf("%s: a second stream beyond streams = 1 gave %v", acct, err)
		}
	}
}

// shortExpiry is when the JWT of the user that lives 5 seconds expires.
func (w *e2eWorld) shortExpiry(t *testing.T) time.Time {
	t.Helper()
	uc, err := jwt.DecodeUserClaims(w.app.st.Get("account.App.user.short").JWT)
	if err != nil || uc.Expires == 0 {
		t.Fatalf("the user has no expiry: %v", err)
	}
	return time.Unix(uc.Expires, 0)
}

// beforeExpiry connects as the user that lives 5 seconds, while it lives.
func (w *e2eWorld) beforeExpiry(t *testing.T) {
	exp := w.shortExpiry(t)
	if left := time.Until(exp); left < time.Second {
		t.Fatalf("the test reached its first connection %v before the JWT expires: too late to try it", left)
	}
	w.connect(t, "App", "short")
}

// afterExpiry waits until the JWT has expired: the server refuses it.
func (w *e2eWorld) afterExpiry(t *testing.T) {
	time.Sleep(time.Until(w.shortExpiry(t).Add(time.Second)))
	nc, err := nats.Connect(w.url, nats.UserCredentials(w.creds("App", "short")), nats.MaxReconnects(0))
	if err == nil {
		nc.Close()
		t.Fatal("the user connected after its JWT expired")
	}
}

// TestStrictSigningKeys: under strict_signing_key_usage, accounts default
// to the operator's signing key and users to their account's, and the
// server, which refuses anything the identity keys sign, accepts them.
func TestStrictSigningKeys(t *testing.T) {
	a := applySrc(t, `
operator "Strict" {
  system_account           = account.SYS
  strict_signing_key_usage = true
  signing_key "main" {}
}
account "SYS" {
  signing_key "k" {}
}
account "App" {
  signing_key "k" {}
  user "u" {}
}
`)
	ac := a.claims(t, "account.App").(*jwt.AccountClaims)
	uc := a.claims(t, "account.App.user.u").(*jwt.UserClaims)
	if ac.Issuer != a.key(t, "operator.Strict.signing_key.main") || uc.Issuer != a.key(t, "account.App.signing_key.k") {
		t.Fatalf("issuers %s and %s are not the signing keys", ac.Issuer, uc.Issuer)
	}
	creds := writeCreds(t, a.dir, "App/u")
	srv := natstest.Start(t, mustRun(t, exitOK, a.dir, "server-config"))
	nc, err := nats.Connect(srv.ClientURL(), nats.UserCredentials(creds("App", "u")))
	if err != nil {
		t.Fatalf("a user signed under strict signing key usage is refused: %v", err)
	}
	nc.Close()
}

// grantSignedByKey: an activation issued by a signing key of the exporter
// (issuer_account the exporter) lets the importer in; an account without
// the import is not served.
func (w *e2eWorld) grantSignedByKey(t *testing.T) {
	act, ok := w.app.claims(t, "grant.priv_to_imp").(*jwt.ActivationClaims)
	grantsKey := w.app.key(t, "account.App.signing_key.grants")
	if !ok || act.Issuer != grantsKey || act.IssuerAccount != w.app.key(t, "account.App") {
		t.Fatalf("activation issued by %s for %s, want the grants key %s for App", act.Issuer, act.IssuerAccount, grantsKey)
	}
	rep, _ := w.connect(t, "App", "privy")
	if _, err := rep.Subscribe("priv.>", func(m *nats.Msg) { _ = m.Respond([]byte("priv:" + m.Subject)) }); err != nil {
		t.Fatal(err)
	}
	if err := rep.Flush(); err != nil {
		t.Fatal(err)
	}
	imp, _ := w.connect(t, "Imp", "u")
	if msg, err := imp.Request("priv.x", nil, e2eWait); err != nil || string(msg.Data) != "priv:priv.x" {
		t.Fatalf("the importer with a grant signed by a signing key was not served: %v", err)
	}
	other, _ := w.connect(t, "Store", "u")
	if _, err := other.Request("priv.x", nil, 500*time.Millisecond); err == nil {
		t.Fatal("an account without the import was served")
	}
}
