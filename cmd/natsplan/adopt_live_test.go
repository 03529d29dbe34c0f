package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/natstest"
)

// resolverWithStore starts a nats-server with a full resolver the way nsc
// configures one (only the system account preloaded) for the fixture's
// operator, and pushes the store's accounts to it as nsc push does. It
// returns the server's URL and a function that pushes one account JWT.
func resolverWithStore(t *testing.T, nsc string) (url string, push func(token string)) {
	t.Helper()
	store := filepath.Join(nsc, "store", "Test")
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(store, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(b))
	}
	sys := decodeAccount(t, read("accounts/SYS/SYS.jwt"))
	conf := fmt.Sprintf("operator: %s\nsystem_account: %s\nresolver: {\n  type: full\n  dir: %q\n}\nresolver_preload: {\n  %s: %s\n}\n",
		read("Test.jwt"), sys.Subject, t.TempDir(), sys.Subject, read("accounts/SYS/SYS.jwt"))
	srv := natstest.Start(t, conf)

	user := read("accounts/SYS/users/sys.jwt")
	uc, err := jwt.DecodeUserClaims(user)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile(filepath.Join(nsc, "keys", "keys", "U", uc.Subject[1:3], uc.Subject+".nk"))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.FromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(srv.ClientURL(), nats.UserJWT(func() (string, error) { return user, nil },
		func(nonce []byte) ([]byte, error) { return kp.Sign(nonce) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	push = func(token string) {
		t.Helper()
		m, err := nc.Request("$SYS.REQ.CLAIMS.UPDATE", []byte(token), 5*time.Second)
		if err != nil || !strings.Contains(string(m.Data), `"code":200`) {
			t.Fatalf("push: %v %s", err, m.Data)
		}
	}
	for _, a := range []string{"AccountB", "AccountC", "TestAccount"} {
		push(read("accounts/" + a + "/" + a + ".jwt"))
	}
	return srv.ClientURL(), push
}

// Adopting what runs: the accounts a full resolver holds after an nsc
// push, the operator JWT from its file and the users of the nsc store
// give the state adopting the store gives, and an empty plan.
func TestAdoptFromResolver(t *testing.T) {
	ref, nsc := adoptDirs(t)
	keys := "-keys=" + filepath.Join(nsc, "keys")
	mustRun(t, exitOK, ref, "adopt", "-nsc="+filepath.Join(nsc, "store"), keys)
	url, push := resolverWithStore(t, nsc)
	opJWT := "-operator-jwt=" + filepath.Join(nsc, "store", "Test", "Test.jwt")

	dir := t.TempDir()
	code, _, errs := natsplan(t, dir, "adopt", "-server="+url, opJWT, keys, "-nsc="+filepath.Join(nsc, "store"))
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan:\n%s", out)
	}
	sameJWTs(t, readState(t, ref), readState(t, dir))

	// Without an nsc store there are no users, and adopt says so.
	bare := t.TempDir()
	code, _, errs = natsplan(t, bare, "adopt", "-server="+url, opJWT, keys)
	if code != exitOK || !strings.Contains(errs, "resolvers hold no users, so none are adopted") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	for _, r := range readState(t, bare).Resources {
		if r.Kind == "user" {
			t.Errorf("user %s adopted from a resolver", r.Name)
		}
	}
	if out := mustRun(t, exitOK, bare, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan:\n%s", out)
	}

	// What runs wins: an account the servers hold in a newer version
	// than the store is adopted as the servers hold it.
	b, _ := os.ReadFile(filepath.Join(nsc, "store", "Test", "accounts", "AccountB", "AccountB.jwt"))
	ac := decodeAccount(t, string(b))
	ac.Limits.Conn = 7
	ac.IssuedAt = 0
	newer := resignAccount(t, nsc, ac)
	push(newer)
	again := t.TempDir()
	code, _, errs = natsplan(t, again, "adopt", "-server="+url, opJWT, keys, "-nsc="+filepath.Join(nsc, "store"))
	if code != exitOK || !strings.Contains(errs, "the servers hold another JWT for account "+ac.Subject+" than the nsc store; adopting the servers'") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if got := readState(t, again).Get("account.AccountB").JWT; got != newer {
		t.Fatal("the state holds the store's JWT of AccountB, not the one that runs")
	}
	if out := mustRun(t, exitOK, again, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan:\n%s", out)
	}
}
