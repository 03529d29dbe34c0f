package planner

import (
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// planAt loads src with the keys in st and plans against st as of now;
// planning against st read as natsplan plan reads it must agree.
func planAt(t *testing.T, src string, st *state.State, now time.Time) *Plan {
	t.Helper()
	plan := func(st *state.State) *Plan {
		t.Helper()
		cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, lang.LoadOptions{Keys: StateKeys(st)})
		if diags.HasErrors() {
			t.Fatalf("load: %s", diags.Error())
		}
		p, diags := New(cfg, st, nil, At(now))
		if diags.HasErrors() {
			t.Fatalf("plan: %s", diags.Error())
		}
		return p
	}
	p := plan(st)
	sameWhenLazy(t, st, p, plan)
	return p
}

func changed(p *Plan) []string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, string(c.Action)+" "+c.Address)
	}
	return out
}

const renewalConfig = `operator "O" { system_account = account.SYS }
account "SYS" {}
account "Exp" {
  service "s" {
    subject = "s.>"
    private = true
  }
}
account "Imp" {
  import "s" { service = account.Exp.service.s }
}
grant "g" {
  service      = account.Exp.service.s
  to           = account.Imp
  expires_in   = "30d"
  renew_before = "7d"
}
`

// TestRenewal: a grant with a lifetime keeps the expiry it was issued
// with while plans come and go, and is issued again, with its importer,
// once less than renew_before is left.
func TestRenewal(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	first := planAt(t, renewalConfig, state.New(), t0)
	exp := first.Desired["grant.g"].Claims.Claims().Expires
	if want := t0.Add(30 * day).Unix(); exp != want {
		t.Fatalf("first issue expires at %d, want %d", exp, want)
	}
	st := pretendApplied(t, first)
	if p := planAt(t, renewalConfig, st, t0.Add(10*day)); !p.Empty() {
		t.Fatalf("ten days later: %v, want no changes", changed(p))
	}
	later := planAt(t, renewalConfig, st, t0.Add(24*day))
	got := changed(later)
	if len(got) != 2 || got[0] != "~ account.Imp" || got[1] != "~ grant.g" {
		t.Fatalf("24 days later: %v, want the grant renewed and its importer re-signed", got)
	}
	if r := later.Changes[0].Reasons; len(r) != 1 || !strings.Contains(r[0], "was re-issued (grant.g)") {
		t.Errorf("importer reasons %q", r)
	}
	c := later.Changes[1]
	if !strings.Contains(strings.Join(c.Reasons, " "), "renewed: it expires at 2030-01-31T00:00:00Z") {
		t.Errorf("renewal reasons %q", c.Reasons)
	}
	if exp := c.Desired.Claims.Claims().Expires; exp != t0.Add(54*day).Unix() {
		t.Errorf("renewed grant expires at %d, want 30 days from the plan", exp)
	}
}

// TestMovedKeepsKeys renames an account and one of its users with moved
// blocks: nothing is created or destroyed, and the keys stay.
func TestMovedKeepsKeys(t *testing.T) {
	before := `operator "O" { system_account = account.SYS }
account "SYS" {}
account "Old" {
  user "u" {}
}
`
	after := `operator "O" { system_account = account.SYS }
account "SYS" {}
account "New" {
  user "v" {}
}
moved {
  from = account.Old
  to   = account.New
}
moved {
  from = account.New.user.u
  to   = account.New.user.v
}
`
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st := pretendApplied(t, planAt(t, before, state.New(), t0))
	p := planAt(t, after, st, t0)
	if len(p.Moves) != 2 || p.Moves[0] != (Move{From: "account.Old", To: "account.New"}) {
		t.Fatalf("moves %+v", p.Moves)
	}
	if got := changed(p); len(got) != 2 || got[0] != "~ account.New" || got[1] != "~ account.New.user.v" {
		t.Fatalf("changes %v, want the two renamed entities updated in place", got)
	}
	if p.Desired["account.New"].PublicKey != st.Get("account.Old").PublicKey ||
		p.Desired["account.New.user.v"].PublicKey != st.Get("account.Old.user.u").PublicKey {
		t.Error("a moved entity got a new key")
	}
	moved := MoveState(st, p.Moves)
	if moved.Get("account.Old") != nil || moved.Get("account.New.user.v") == nil || st.Get("account.Old") == nil {
		t.Error("MoveState did not rename in a copy")
	}
}

// TestPreventDestroy: the state records the flag, a plan re-signs to
// record a change of it, and a plan that deletes a protected entity fails.
func TestPreventDestroy(t *testing.T) {
	src := `operator "O" { system_account = account.SYS }
account "SYS" {}
account "A" {}
`
	t0 := time.Now()
	st := pretendApplied(t, planAt(t, src, state.New(), t0))
	if !st.Get("account.SYS").PreventDestroy || st.Get("account.A").PreventDestroy {
		t.Fatal("prevent_destroy defaults: the system account protected, others not")
	}
	protected := strings.Replace(src, `account "A" {}`, "account \"A\" {\n  lifecycle { prevent_destroy = true }\n}", 1)
	p := planAt(t, protected, st, t0)
	if got := changed(p); len(got) != 1 || got[0] != "~ account.A" || !strings.Contains(p.Changes[0].Reasons[0], "prevent_destroy = true") {
		t.Fatalf("changes %v, want account.A re-signed to record the flag", got)
	}
	st = pretendAppliedOver(t, p, st)
	cfg, _ := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(`operator "O" { system_account = account.SYS }
account "SYS" {}
`)}, lang.LoadOptions{Keys: StateKeys(st)})
	_, diags := New(cfg, st, nil, At(t0))
	if !diags.HasErrors() || diags[len(diags)-1].Summary != "Instance cannot be destroyed" {
		t.Fatalf("deleting a protected account: %v", diags)
	}
}

// TestConfiguredRevocationKeepsItsTime: a revocation written in the
// configuration takes the time of the plan that adds it, keeps it, and
// goes when the configuration drops it.
func TestConfiguredRevocationKeepsItsTime(t *testing.T) {
	src := `operator "O" { system_account = account.SYS }
account "SYS" {}
account "E" {
  stream "s" {
    subject            = "s.>"
    private            = true
    revoke_activations = ["AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"]
  }
}
`
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st := pretendApplied(t, planAt(t, src, state.New(), t0))
	at := func(p *Plan) int64 {
		ac := p.Desired["account.E"].Claims.(*jwt.AccountClaims)
		return ac.Exports[0].Revocations["AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"]
	}
	// An hour later nothing changes: the claims built then are the claims
	// signed at t0 (same digest), whose revocation is dated t0.
	later := planAt(t, src, st, t0.Add(time.Hour))
	stored, err := jwt.DecodeAccountClaims(st.Get("account.E").JWT)
	if err != nil {
		t.Fatal(err)
	}
	if !later.Empty() || later.Desired["account.E"].Digest != st.Get("account.E").Digest ||
		stored.Exports[0].Revocations["AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"] != t0.Unix() {
		t.Fatalf("an hour later: %v, want no change and the revocation of t0", changed(later))
	}
	dropped := planAt(t, strings.Replace(src, "revoke_activations", "# revoke_activations", 1), st, t0)
	if got := changed(dropped); len(got) != 1 || at(dropped) != 0 {
		t.Fatalf("dropping the revocation: %v, revoked at %d", got, at(dropped))
	}
}
