package live

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/state"
)

// env is an applied state made directly with jwt/v2 and nkeys, so that the
// tests of this package do not depend on the config language: an operator
// "Test", a system account "SYS" and any accounts the test adds, with every
// seed in a real keystore.
type env struct {
	st       *state.State
	ks       *state.Keystore
	operator nkeys.KeyPair
	system   nkeys.KeyPair
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ks, err := state.OpenKeystore(filepath.Join(t.TempDir(), "keys"))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: state.New(), ks: ks, operator: e2(t, nkeys.CreateOperator), system: e2(t, nkeys.CreateAccount)}
	for _, kp := range []nkeys.KeyPair{e.operator, e.system} {
		if err := ks.Put(kp); err != nil {
			t.Fatal(err)
		}
	}
	opPub, sysPub := pub(t, e.operator), pub(t, e.system)
	oc := jwt.NewOperatorClaims(opPub)
	oc.Name, oc.SystemAccount = "Test", sysPub
	e.put(t, "operator.Test", state.KindOperator, "Test", oc, e.operator)
	e.account(t, "SYS", e.system, nil)
	return e
}

// account signs (or re-signs) account name with key kp and stores it in
// state; edit, when set, changes its claims first.
func (e *env) account(t testing.TB, name string, kp nkeys.KeyPair, edit func(*jwt.AccountClaims)) {
	t.Helper()
	ac := jwt.NewAccountClaims(pub(t, kp))
	ac.Name = name
	if edit != nil {
		edit(ac)
	}
	e.put(t, "account."+name, state.KindAccount, name, ac, e.operator)
}

// newAccount creates a key for account name and adds it.
func (e *env) newAccount(t testing.TB, name string) nkeys.KeyPair {
	t.Helper()
	kp := e2(t, nkeys.CreateAccount)
	e.account(t, name, kp, nil)
	return kp
}

func (e *env) put(t testing.TB, addr string, kind state.Kind, name string, c jwt.Claims, signer nkeys.KeyPair) {
	t.Helper()
	token, err := c.Encode(signer)
	if err != nil {
		t.Fatal(err)
	}
	e.st.Resources[addr] = &state.Resource{Kind: kind, Name: name, PublicKey: c.Claims().Subject,
		Issuer: pub(t, signer), IssuedAt: c.Claims().IssuedAt, JWT: token}
}

// conf is a full-resolver server configuration for the state.
func (e *env) conf(t testing.TB) string {
	t.Helper()
	var b bytes.Buffer
	if err := ServerConfig(&b, e.st, ConfigOptions{Resolver: ResolverFull, JWTDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// dial connects to urls as the system account with the keystore's key.
func (e *env) dial(t testing.TB, quiet time.Duration, urls ...string) *Session {
	t.Helper()
	auth, err := KeystoreAuth(e.st, e.ks)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Dial(context.Background(), urls, auth, Options{Quiet: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// start runs one server with the state's full-resolver configuration.
func (e *env) start(t testing.TB) string {
	return natstest.Start(t, e.conf(t)).ClientURL()
}

// push pushes the state and fails the test on a transport error.
func (e *env) push(t testing.TB, s *Session) *PushReport {
	t.Helper()
	r, err := s.Push(context.Background(), e.st, PushOptions{Operator: e.operator})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// userConnect signs a user of account kp and connects it to url.
func userConnect(t testing.TB, url string, account nkeys.KeyPair) (*nats.Conn, error) {
	t.Helper()
	user := e2(t, nkeys.CreateUser)
	uc := jwt.NewUserClaims(pub(t, user))
	token, err := uc.Encode(account)
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := user.Seed()
	return nats.Connect(url, nats.UserJWTAndSeed(token, string(seed)), nats.MaxReconnects(0))
}

func e2(t testing.TB, create func() (nkeys.KeyPair, error)) nkeys.KeyPair {
	t.Helper()
	kp, err := create()
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

func pub(t testing.TB, kp nkeys.KeyPair) string {
	t.Helper()
	p, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
