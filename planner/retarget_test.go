package planner

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// A grant that changes what it grants (its target, export, exporter or
// subject, or a shorter life) leaves the activation issued before valid
// until it expires unless the exporter revokes it: for the old activation
// such a change is a deletion.

const retargetConfig = `operator "O" { system_account = account.SYS }
account "SYS" {}
account "Exp" {
  service "s" {
    subject = "s.>"
    private = true
  }
  service "t" {
    subject = "t.>"
    private = true
  }
}
account "Exp2" {
  service "s" {
    subject = "s.>"
    private = true
  }
}
%s
`

func grantBlock(name, export, to, subject string) string {
	return fmt.Sprintf("grant %q {\n  service = %s\n  to      = %q\n  subject = %q\n}\n", name, export, to, subject)
}

func accountKey(t *testing.T) string {
	t.Helper()
	kp, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	return pub
}

// exportRevocations returns the revocations export name of account addr
// carries in p.
func exportRevocations(t *testing.T, p *Plan, addr, name string) jwt.RevocationList {
	t.Helper()
	d := p.Desired[addr]
	if d == nil || d.Claims == nil {
		t.Fatalf("%s is not re-signed: %v", addr, changed(p))
	}
	for _, e := range d.Claims.(*jwt.AccountClaims).Exports {
		if e.Name == name {
			return e.Revocations
		}
	}
	t.Fatalf("%s has no export %q", addr, name)
	return nil
}

func TestChangedGrantRevokesTheOldActivation(t *testing.T) {
	oldKey, newKey := accountKey(t), accountKey(t)
	before := grantBlock("g", "account.Exp.service.s", oldKey, "s.x")
	cases := []struct {
		name, after  string
		exporter     string // account whose export revokes
		revokedTo    string // importer key revoked
		wantReason   string
		wantReissued bool
	}{
		{"target", grantBlock("g", "account.Exp.service.s", newKey, "s.x"), "account.Exp", oldKey, "no longer grants it", true},
		{"subject", grantBlock("g", "account.Exp.service.s", oldKey, "s.y"), "account.Exp", oldKey, "no longer grants it", true},
		{"export", grantBlock("g", "account.Exp.service.t", oldKey, "t.x"), "account.Exp", oldKey, "no longer grants it", true},
		{"exporter", grantBlock("g", "account.Exp2.service.s", oldKey, "s.x"), "account.Exp", oldKey, "no longer grants it", true},
		{"shorter life", strings.Replace(before, "}\n", "  expires = \"2031-01-01T00:00:00Z\"\n}\n", 1), "account.Exp", oldKey, "no longer grants it", true},
		{"renamed without moved", grantBlock("h", "account.Exp.service.s", oldKey, "s.x"), "account.Exp", oldKey, "grant.g", false},
	}
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := pretendApplied(t, planAt(t, fmt.Sprintf(retargetConfig, before), state.New(), t0))
			old := st.Get("grant.g")
			src := fmt.Sprintf(retargetConfig, tc.after)
			p := planAt(t, src, st, t0)
			if at, ok := exportRevocations(t, p, tc.exporter, "s")[tc.revokedTo]; !ok || at != old.IssuedAt {
				t.Fatalf("%s: export s revokes %v, want %s at %d", tc.exporter, exportRevocations(t, p, tc.exporter, "s"), tc.revokedTo, old.IssuedAt)
			}
			var acct *Change
			for _, c := range p.Changes {
				if c.Address == tc.exporter {
					acct = c
				}
			}
			if acct == nil || acct.Action != Update {
				t.Fatalf("changes %v, want %s updated", changed(p), tc.exporter)
			}
			reasons := strings.Join(acct.Reasons, "\n")
			if !strings.Contains(reasons, "revokes the activation of grant.g") || !strings.Contains(reasons, tc.wantReason) {
				t.Errorf("%s reasons %q, want the revocation of grant.g explained", tc.exporter, reasons)
			}
			if tc.wantReissued {
				g := p.Desired["grant.g"]
				if g == nil || g.Claims == nil {
					t.Fatalf("grant.g not re-issued: %v", changed(p))
				}
			}
			// Applied, the revocation is carried and nothing changes.
			next := applyTo(t, st, p)
			if again := planAt(t, src, next, t0); !again.Empty() {
				t.Fatalf("plan after apply: %v", changed(again))
			}
		})
	}
}

// Renaming a grant with a moved block keeps its activation: nothing is
// revoked, nothing re-signed.
func TestMovedGrantIsNotRevoked(t *testing.T) {
	key := accountKey(t)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st := pretendApplied(t, planAt(t, fmt.Sprintf(retargetConfig, grantBlock("g", "account.Exp.service.s", key, "s.x")), state.New(), t0))
	moved := grantBlock("h", "account.Exp.service.s", key, "s.x") + "moved {\n  from = grant.g\n  to   = grant.h\n}\n"
	p := planAt(t, fmt.Sprintf(retargetConfig, moved), st, t0)
	if len(p.Changes) != 0 || len(p.Moves) != 1 {
		t.Fatalf("changes %v, moves %v: want the move only", changed(p), p.Moves)
	}

	// Moved and re-targeted: the old target is revoked.
	other := accountKey(t)
	moved = grantBlock("h", "account.Exp.service.s", other, "s.x") + "moved {\n  from = grant.g\n  to   = grant.h\n}\n"
	p = planAt(t, fmt.Sprintf(retargetConfig, moved), st, t0)
	if at, ok := exportRevocations(t, p, "account.Exp", "s")[key]; !ok || at != st.Get("grant.g").IssuedAt {
		t.Fatalf("moved and re-targeted: export s revokes %v, want %s", exportRevocations(t, p, "account.Exp", "s"), key)
	}
}

// A grant issued again for a key its exporter revoked (deleted and added
// again, or renamed without a moved block) must be issued after that
// revocation, or nats-server refuses it as revoked too.
func TestReissueAfterRevocation(t *testing.T) {
	key := accountKey(t)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st := pretendApplied(t, planAt(t, fmt.Sprintf(retargetConfig, grantBlock("g", "account.Exp.service.s", key, "s.x")), state.New(), t0))
	p := planAt(t, fmt.Sprintf(retargetConfig, grantBlock("h", "account.Exp.service.s", key, "s.x")), st, t0)
	h := p.Desired["grant.h"]
	if h == nil || h.IssueAfter != st.Get("grant.g").IssuedAt {
		t.Fatalf("grant.h must be issued after %d, the revocation of grant.g: %+v", st.Get("grant.g").IssuedAt, h)
	}
	if g := p.Desired["grant.g"]; g != nil {
		t.Fatal("grant.g is still desired")
	}
}

// An unchanged grant, and one renewed with the same claims, revoke
// nothing: the exporter is not re-signed.
func TestRenewedGrantRevokesNothing(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st := pretendApplied(t, planAt(t, renewalConfig, state.New(), t0))
	later := planAt(t, renewalConfig, st, t0.Add(24*24*time.Hour))
	for _, c := range later.Changes {
		if c.Address == "account.Exp" {
			t.Fatalf("renewal re-signs the exporter: %v", changed(later))
		}
	}
	if len(later.Changes) != 2 {
		t.Fatalf("renewal: %v, want the grant and its importer", changed(later))
	}
}

// A configured revocation (revoke_activations) of an importer whose grant
// was removed is newer than the removal's, and used to replace it: once
// the configuration dropped revoke_activations, the removed grant's
// activation was valid again. Both are kept; the claims hold the latest.
func TestConfiguredRevocationDoesNotReplaceARemovedGrants(t *testing.T) {
	key := accountKey(t)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	withGrant := fmt.Sprintf(retargetConfig, grantBlock("g", "account.Exp.service.s", key, "s.x"))
	st := pretendApplied(t, planAt(t, withGrant, state.New(), t0))
	issued := st.Get("grant.g").IssuedAt

	revoking := strings.Replace(fmt.Sprintf(retargetConfig, ""), `subject = "s.>"`,
		fmt.Sprintf("subject = \"s.>\"\n    revoke_activations = [%q]", key), 1)
	p := planAt(t, revoking, st, t0)
	if at := exportRevocations(t, p, "account.Exp", "s")[key]; at != t0.Unix() {
		t.Fatalf("with revoke_activations: revoked at %d, want the plan's time %d", at, t0.Unix())
	}
	st = pretendAppliedOver(t, p, st)

	p = planAt(t, fmt.Sprintf(retargetConfig, ""), st, t0)
	if at := exportRevocations(t, p, "account.Exp", "s")[key]; at != issued {
		t.Fatalf("revoke_activations dropped: revoked at %d, want the removed grant's %d", at, issued)
	}
	st = pretendAppliedOver(t, p, st)
	if again := planAt(t, fmt.Sprintf(retargetConfig, ""), st, t0); !again.Empty() {
		t.Fatalf("plan after apply: %v", changed(again))
	}
}

// An export removed and declared again must still revoke the activations
// of grants removed before: the importer may hold one that has not
// expired, and nats-server would take it for the new export.
func TestReaddedExportKeepsRemovedGrantsRevoked(t *testing.T) {
	key := accountKey(t)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st := pretendApplied(t, planAt(t, fmt.Sprintf(retargetConfig, grantBlock("g", "account.Exp.service.s", key, "s.x")), state.New(), t0))
	issued := st.Get("grant.g").IssuedAt
	noGrant := fmt.Sprintf(retargetConfig, "")
	st = applyTo(t, st, planAt(t, noGrant, st, t0))

	noExport := strings.Replace(noGrant, "  service \"s\" {\n    subject = \"s.>\"\n    private = true\n  }\n  service \"t\"", "  service \"t\"", 1)
	if noExport == noGrant {
		t.Fatal("the export was not removed from the config")
	}
	st = applyTo(t, st, planAt(t, noExport, st, t0))

	p := planAt(t, noGrant, st, t0)
	if at := exportRevocations(t, p, "account.Exp", "s")[key]; at != issued {
		t.Fatalf("export s declared again revokes %s at %d, want %d (the removed grant's activation)", key, at, issued)
	}
}
