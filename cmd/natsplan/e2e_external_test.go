package main

// Two natsplan configurations that do not manage each other's accounts:
// the exporter grants its private service to the importer's account by
// public key and writes the token to a file; the importer imports it from
// an account it knows only by key, its token first read from that file,
// then fetched from a URL (served on 127.0.0.1, over plain http with
// allow_insecure_url; e2e_tokenurl_test.go fetches over https). One
// nats-server trusts both operators, and the request crosses over.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/state"
)

const importerConfig = `
operator "B" { system_account = account.SYS }
account "SYS" {}
account "Imp" {
  user "u" {}
%s}
`

const exporterConfig = `
operator "A" { system_account = account.SYS }
account "SYS" {}
account "Exp" {
  user "srv" {}
  service "help" {
    subject = "help.>"
    private = true
  }
}
grant "to_imp" {
  service      = account.Exp.service.help
  to           = %q
  subject      = "help.imp"
  expires_in   = "720h"
  renew_before = "168h"
  token_file   = "out/imp.jwt"
}
`

func TestExternalImportAndGrant(t *testing.T) {
	imp := applySrc(t, fmt.Sprintf(importerConfig, ""))
	impKey := imp.key(t, "account.Imp")
	exp := applySrc(t, fmt.Sprintf(exporterConfig, impKey))
	expKey := exp.key(t, "account.Exp")

	tokenFile := filepath.Join(exp.dir, "out", "imp.jwt")
	token := checkTokenFile(t, tokenFile, impKey, expKey)
	writeFile(t, filepath.Join(imp.dir, "imp.jwt"), token)

	byFile := fmt.Sprintf("  import \"help\" {\n    service = \"help.imp\"\n    from    = %q\n    token   = file(\"imp.jwt\")\n  }\n", expKey)
	writeFile(t, filepath.Join(imp.dir, "main.hcl"), fmt.Sprintf(importerConfig, byFile))
	mustRun(t, exitOK, imp.dir, "apply", "-auto-approve")
	requestAcross(t, exp.dir, imp.dir)

	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := os.ReadFile(tokenFile)
		_, _ = w.Write(b)
	}))
	t.Cleanup(web.Close)
	byURL := fmt.Sprintf("  import \"help\" {\n    service   = \"help.imp\"\n    from      = %q\n    token_url = %q\n  }\n", expKey, web.URL+"/imp.jwt")
	writeFile(t, filepath.Join(imp.dir, "main.hcl"), fmt.Sprintf(importerConfig, byURL))
	if _, _, errs := natsplan(t, imp.dir, "plan"); !strings.Contains(errs, "Insecure token URL") {
		t.Fatalf("plain http without allow_insecure_url is not refused:\n%s", errs)
	}
	byURL = strings.Replace(byURL, "  }\n", "    allow_insecure_url = true\n  }\n", 1)
	writeFile(t, filepath.Join(imp.dir, "main.hcl"), fmt.Sprintf(importerConfig, byURL))
	out := mustRun(t, exitOK, imp.dir, "plan")
	if !strings.Contains(out, "token from "+web.URL) {
		t.Errorf("the plan does not show where the token comes from:\n%s", out)
	}
	mustRun(t, exitOK, imp.dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, imp.dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after fetching the token is not empty:\n%s", out)
	}
	ac, err := jwt.DecodeAccountClaims(readState(t, imp.dir).Get("account.Imp").JWT)
	if err != nil || len(ac.Imports) != 1 || ac.Imports[0].Token != token {
		t.Fatalf("the importer does not carry the fetched token: %v", err)
	}
	requestAcross(t, exp.dir, imp.dir)
}

// checkTokenFile checks the token apply wrote for the external importer:
// public (0644), an activation for it, issued by the exporter.
func checkTokenFile(t *testing.T, path, importer, exporter string) string {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("apply wrote no token file: %v", err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("token file mode %v, want 0644", info.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	token := strings.TrimSpace(string(b))
	act, err := jwt.DecodeActivationClaims(token)
	if err != nil || act.Subject != importer || act.Issuer != exporter || act.Expires < time.Now().Add(700*time.Hour).Unix() {
		t.Fatalf("token file does not hold a 30-day activation for %s from %s: %v", importer, exporter, err)
	}
	return token
}

// requestAcross starts a server trusting both operators and sends a
// request from the importer to the exporter's service.
func requestAcross(t *testing.T, expDir, impDir string) {
	t.Helper()
	srv := natstest.Start(t, twoOperatorConfig(t, readState(t, expDir), readState(t, impDir)))
	creds := writeCreds(t, expDir, "Exp/srv")
	rep, err := nats.Connect(srv.ClientURL(), nats.UserCredentials(creds("Exp", "srv")))
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	if _, err := rep.Subscribe("help.>", func(m *nats.Msg) { _ = m.Respond([]byte("helped " + m.Subject)) }); err != nil {
		t.Fatal(err)
	}
	if err := rep.Flush(); err != nil {
		t.Fatal(err)
	}
	impCreds := writeCreds(t, impDir, "Imp/u")
	nc, err := nats.Connect(srv.ClientURL(), nats.UserCredentials(impCreds("Imp", "u")))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	msg, err := nc.Request("help.imp", nil, e2eWait)
	if err != nil || string(msg.Data) != "helped help.imp" {
		t.Fatalf("the import of the other operator's service does not work: %v", err)
	}
}

// twoOperatorConfig is a nats-server configuration trusting the operators
// of both states, with every account preloaded.
func twoOperatorConfig(t *testing.T, a, b *state.State) string {
	t.Helper()
	var ops, accounts []string
	sys := ""
	for i, st := range []*state.State{a, b} {
		for _, addr := range st.Addresses() {
			r := st.Resources[addr]
			switch r.Kind {
			case state.KindOperator:
				ops = append(ops, fmt.Sprintf("%q", r.JWT))
				if i == 0 {
					oc, _ := jwt.DecodeOperatorClaims(r.JWT)
					sys = oc.SystemAccount
				}
			case state.KindAccount:
				accounts = append(accounts, fmt.Sprintf("  %s: %q", r.PublicKey, r.JWT))
			}
		}
	}
	return fmt.Sprintf("operator: [%s]\nsystem_account: %s\nresolver: MEMORY\nresolver_preload: {\n%s\n}\n",
		strings.Join(ops, ", "), sys, strings.Join(accounts, "\n"))
}
