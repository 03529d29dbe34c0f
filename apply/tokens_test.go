package apply

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

const grantConfig = `
operator "O" { system_account = account.SYS }
account "SYS" {}
account "Exp" {
  service "help" {
    subject = "help.>"
    private = true
  }
}
grant "partner" {
  service    = account.Exp.service.help
  to         = "ABRHWSQ2HBBHB6QLX7TPKI7RSE2N3RSVMPRBAHCRPCHUEQQQD6NR2HIQ"
  subject    = "help.partner"
  token_file = %q
}
`

// A token file appears only once the state that holds its token is
// written: when the state write fails, there is no file (and no temp file)
// whose token the state does not know.
func TestTokenFileOnlyAfterTheState(t *testing.T) {
	w := newWorkspace(t)
	out := filepath.Join(t.TempDir(), "out")
	token := filepath.Join(out, "partner.jwt")
	cfg := fmt.Sprintf(grantConfig, token)
	p, st, replan := w.plan(cfg)

	// Another run wrote a state of its own meanwhile: Write refuses it.
	other := filepath.Join(filepath.Dir(w.statePath), "other.json")
	if err := state.Write(other, state.New()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, w.statePath); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(w.statePath)
	_, err := Apply(context.Background(), p, st, replan, Options{Keystore: w.ks, StatePath: w.statePath})
	if err == nil || !strings.Contains(err.Error(), "lineage") {
		t.Fatalf("apply over another state: %v, want the lineage refusal", err)
	}
	if _, err := os.Stat(token); !os.IsNotExist(err) {
		t.Fatalf("the token file was written although the state was not: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the token file's directory was left behind: %v", err)
	}
	if after, _ := os.ReadFile(w.statePath); string(after) != string(before) {
		t.Fatal("the state changed")
	}

	os.Remove(w.statePath)
	p, st, replan = w.plan(cfg)
	res, err := Apply(context.Background(), p, st, replan, Options{Keystore: w.ks, StatePath: w.statePath})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(token)
	if err != nil || strings.TrimSpace(string(b)) != w.read().Get("grant.partner").JWT || res.TokenFiles != 1 {
		t.Fatalf("token file %q (%v), %d written; want the state's token, 1", b, err, res.TokenFiles)
	}
}

// Apply itself refuses a token file over the state, whatever the caller
// checked: the default guard protects the state and the keystore.
func TestApplyRefusesTokenFileOverTheState(t *testing.T) {
	w := newWorkspace(t)
	w.mustApply(fmt.Sprintf(grantConfig, filepath.Join(t.TempDir(), "first.jwt")))
	before, _ := os.ReadFile(w.statePath)
	for _, target := range []string{w.statePath, filepath.Join(w.ks.Root, ".gitignore")} {
		cfg := strings.Replace(fmt.Sprintf(grantConfig, target), `"help.partner"`, `"help.other"`, 1)
		err := w.apply(cfg)
		if err == nil || !strings.Contains(err.Error(), "refusing to write") {
			t.Fatalf("token file %s: %v, want a refusal", target, err)
		}
	}
	if after, _ := os.ReadFile(w.statePath); string(after) != string(before) {
		t.Fatal("the state changed")
	}
	if b, _ := os.ReadFile(filepath.Join(w.ks.Root, ".gitignore")); string(b) != "*\n" {
		t.Fatalf("the keystore's .gitignore holds %q", b)
	}
}

// The state is untrusted: a token file written from it must hold the
// grant's activation, for its account, from its issuer. A state whose
// grant JWT was swapped for another token is refused, not handed over.
func TestTokenFileFromAForgedStateIsRefused(t *testing.T) {
	w := newWorkspace(t)
	w.mustApply(strings.Replace(grantConfig, "token_file = %q", "", 1))
	token := filepath.Join(t.TempDir(), "partner.jwt")
	p, diags := planTokenFiles(t, w, token)
	if diags.HasErrors() || len(p.TokenFiles) != 1 || p.TokenFiles[0].Path != token {
		t.Fatalf("the genuine token: %v, %+v; want one token file to write", diags, p.TokenFiles)
	}

	st := w.read()
	forger, _ := nkeys.CreateAccount()
	act := jwt.NewActivationClaims("ABRHWSQ2HBBHB6QLX7TPKI7RSE2N3RSVMPRBAHCRPCHUEQQQD6NR2HIQ")
	act.ImportSubject, act.ImportType = "help.>", jwt.Service
	forged, err := act.Encode(forger)
	if err != nil {
		t.Fatal(err)
	}
	st.Get("grant.partner").JWT = forged
	w.write(st)
	p, diags = planTokenFiles(t, w, token)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "the state may have been edited") || len(p.TokenFiles) != 0 {
		t.Fatalf("a forged state token was accepted for the token file: %v, %+v", diags, p.TokenFiles)
	}
}

// planTokenFiles plans grantConfig with the given token file against the
// workspace's state, the way the CLI does, and adds the token files.
func planTokenFiles(t *testing.T, w *workspace, token string) (*planner.Plan, hcl.Diagnostics) {
	t.Helper()
	st := w.read()
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(fmt.Sprintf(grantConfig, token))},
		lang.LoadOptions{Keys: planner.StateKeys(st)})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p, diags := planner.New(cfg, st, nil)
	if diags.HasErrors() || len(p.Changes) != 0 {
		t.Fatalf("the grant should be unchanged: %v, %d changes", diags, len(p.Changes))
	}
	return p, planner.PendingTokenFiles(p, cfg, st, os.ReadFile)
}
