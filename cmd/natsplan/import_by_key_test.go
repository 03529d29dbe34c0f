package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/natstest"
)

const byKeyConfig = `operator "O" {
  system_account = account.SYS
}

account "SYS" {}

account "Exp" {
  service "priv" {
    subject = "priv.>"
    private = true
  }
  user "replier" {
    allow_sub          = ["priv.>"]
    allow_pub_response = true
  }
}

account "A" {
  user "u" {
    allow_pub = ["priv.x"]
    allow_sub = ["_INBOX.>"]
  }
%s}
%s`

// TestImportByManagedKeyOnServer: an import whose from is the public key
// of an account natsplan manages, written as a string, is the import of
// that account's export. Without a grant the private export is refused
// (plan and apply, nothing written); with one, apply signs the
// activation and a real nats-server serves the request.
func TestImportByManagedKeyOnServer(t *testing.T) {
	a := applySrc(t, fmt.Sprintf(byKeyConfig, "", ""))
	expKey := a.key(t, "account.Exp")
	imp := fmt.Sprintf("  import \"p\" {\n    service = \"priv.x\"\n    from    = %q\n  }\n", expKey)
	writeFile(t, filepath.Join(a.dir, "main.hcl"), fmt.Sprintf(byKeyConfig, imp, ""))
	before, err := os.ReadFile(filepath.Join(a.dir, defaultStatePath))
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"validate"}, {"plan"}, {"apply", "-auto-approve"}} {
		code, _, errs := natsplan(t, a.dir, cmd...)
		if code != exitError || !strings.Contains(errs, "Error: Missing grant") {
			t.Fatalf("%s without a grant: exit %d\n%s", cmd[0], code, errs)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(a.dir, defaultStatePath)); !bytes.Equal(before, after) {
		t.Fatal("a refused apply changed the state")
	}

	grant := "\ngrant \"p_to_a\" {\n  service = account.Exp.service.priv\n  to      = account.A\n}\n"
	writeFile(t, filepath.Join(a.dir, "main.hcl"), fmt.Sprintf(byKeyConfig, imp, grant))
	mustRun(t, exitOK, a.dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, a.dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}

	creds := writeCreds(t, a.dir, "Exp/replier", "A/u")
	srv := natstest.Start(t, mustRun(t, exitOK, a.dir, "server-config"))
	rep, err := nats.Connect(srv.ClientURL(), nats.UserCredentials(creds("Exp", "replier")))
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	if _, err := rep.Subscribe("priv.>", func(m *nats.Msg) { _ = m.Respond([]byte("served " + m.Subject)) }); err != nil {
		t.Fatal(err)
	}
	_ = rep.Flush()
	nc, err := nats.Connect(srv.ClientURL(), nats.UserCredentials(creds("A", "u")))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	msg, err := nc.Request("priv.x", nil, 2*time.Second)
	if err != nil || string(msg.Data) != "served priv.x" {
		t.Fatalf("the import by key with a grant is not served: %v", err)
	}
}
