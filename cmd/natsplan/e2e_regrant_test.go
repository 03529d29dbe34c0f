package main

// Re-targeting a grant, checked on a real nats-server: for the old target
// it is a removal of the grant, so the exporter revokes the activation it
// issued before, and the old target is refused even with an account JWT
// that still carries that activation (a server that missed its update).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/natstest"
)

// regrant edits of examples/services: the grant of phelp goes to AccountB,
// which imports it on subject phelp, and AccountC's import of it goes.
var regrant = []struct{ old, new string }{
	{"  to      = account.AccountC\n  subject = \"help.${account.AccountC.public_key}\"",
		"  to      = account.AccountB\n  subject = \"help.${account.AccountB.public_key}\""},
	{"  import \"help\" {\n    service       = account.TestAccount.service.phelp\n    local_subject = \"help\"\n  }\n", ""},
	{"  import \"help\" {\n    service = account.TestAccount.service.srv\n  }\n",
		"  import \"help\" {\n    service = account.TestAccount.service.srv\n  }\n" +
			"  import \"phelp\" {\n    service       = account.TestAccount.service.phelp\n    local_subject = \"phelp\"\n  }\n"},
}

func TestRetargetedGrantRevokesTheOldTarget(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+t.TempDir()))
	at := "-server=" + srv.ClientURL()
	mustRun(t, exitOK, dir, "push", at)
	creds := writeCreds(t, dir, "TestAccount/TestUser", "AccountB/userb", "AccountC/userc")
	replier := serveHelp(t, srv.ClientURL(), creds("TestAccount", "TestUser"))
	defer replier.Close()
	if err := requestHelp(srv.ClientURL(), creds("AccountC", "userc")); err != nil {
		t.Fatalf("userc is not served through the grant before the change: %v", err)
	}
	oldC := readState(t, dir).Get("account.AccountC").JWT
	oldGrant := readState(t, dir).Get("grant.phelp_to_c")

	for _, e := range regrant {
		editConfig(t, dir, e.old, e.new)
	}
	out := mustRun(t, exitOK, dir, "plan")
	for _, want := range []string{
		"# grant.phelp_to_c will be re-issued (activation for AccountB, signed by TestAccount)",
		"# account.TestAccount will be updated in-place",
		`revokes the activation of grant.phelp_to_c for AccountC on export "phelp": the re-issued grant no longer grants it`,
		"+ revoke activation AccountC {",
		fmt.Sprintf("+ public_key = %q", oldGrant.PublicKey),
		fmt.Sprintf("+ issued_before = %q", time.Unix(oldGrant.IssuedAt, 0).UTC().Format(time.RFC3339)),
		"TestAccount revokes the activation issued before to AccountC",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan does not say %q:\n%s", want, out)
		}
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve", "-push", at)
	checkRevoked(t, dir, oldGrant.PublicKey, oldGrant.IssuedAt)

	if err := requestHelp(srv.ClientURL(), creds("AccountC", "userc")); err == nil {
		t.Error("userc, the old target, is still served after the push")
	}
	// AccountC's JWT from before still carries the old activation; pushed
	// behind natsplan's back, it is refused all the same.
	pushRaw(t, &cluster{dir: dir, servers: []*server.Server{srv}}, oldC)
	if err := requestHelp(srv.ClientURL(), creds("AccountC", "userc")); err == nil {
		t.Error("userc is served with the activation issued before the grant was re-targeted")
	}
	if err := requestPhelp(srv.ClientURL(), creds("AccountB", "userb")); err != nil {
		t.Errorf("userb, the new target, is not served: %v", err)
	}
	mustRun(t, exitOK, dir, "push", at)
	if out := mustRun(t, exitOK, dir, "plan", at); !strings.Contains(out, "No changes.") || !strings.Contains(out, "No drift") {
		t.Fatalf("plan after the re-target is not clean:\n%s", out)
	}
}

// checkRevoked checks that TestAccount's export phelp, as applied,
// revokes importer's activations issued up to at.
func checkRevoked(t *testing.T, dir, importer string, at int64) {
	t.Helper()
	ac, err := jwt.DecodeAccountClaims(readState(t, dir).Get("account.TestAccount").JWT)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ac.Exports {
		if e.Name == "phelp" && e.Revocations.IsRevoked(importer, time.Unix(at, 0)) {
			return
		}
	}
	t.Fatalf("TestAccount's export phelp does not revoke %s at %d", importer, at)
}

// requestPhelp sends one request on phelp, AccountB's local subject for
// the private service.
func requestPhelp(url, creds string) error {
	nc, err := nats.Connect(url, nats.UserCredentials(creds), nats.MaxReconnects(0))
	if err != nil {
		return err
	}
	defer nc.Close()
	_, err = nc.Request("phelp", []byte("me"), 2*time.Second)
	return err
}

// A grant signed by one of the exporter's signing keys names that key as
// its issuer in the state; removing it must revoke it all the same.
func TestRemovedGrantOfASigningKeyIsRevoked(t *testing.T) {
	a := applySrc(t, e2eConfig)
	grant := a.st.Get("grant.priv_to_imp")
	if grant.Issuer != a.key(t, "account.App.signing_key.grants") {
		t.Fatalf("grant.priv_to_imp was issued by %s, not by the signing key", grant.Issuer)
	}
	editConfig(t, a.dir, "  import \"priv\" { service = account.App.service.priv }\n", "")
	editConfig(t, a.dir, "grant \"priv_to_imp\" {\n  service   = account.App.service.priv\n  to        = account.Imp\n  signed_by = account.App.signing_key.grants\n}\n", "")
	out := mustRun(t, exitOK, a.dir, "plan")
	if want := `revokes the activation of grant.priv_to_imp for Imp on export "priv": the grant was removed`; !strings.Contains(out, want) {
		t.Errorf("plan does not say %q:\n%s", want, out)
	}
	mustRun(t, exitOK, a.dir, "apply", "-auto-approve")
	ac, err := jwt.DecodeAccountClaims(readState(t, a.dir).Get("account.App").JWT)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ac.Exports {
		if e.Name == "priv" && !e.Revocations.IsRevoked(grant.PublicKey, time.Unix(grant.IssuedAt, 0)) {
			t.Errorf("export priv does not revoke the removed grant's activation: %v", e.Revocations)
		}
	}
	if out := mustRun(t, exitOK, a.dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
}
