package planner

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

func services(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../examples/services/main.hcl")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// planFor loads src with the keys in st and plans against st, now.
func planFor(t *testing.T, src string, st *state.State) *Plan {
	t.Helper()
	return planAt(t, src, st, time.Now())
}

// pretendApplied records every desired entity in a state as apply would:
// signed JWTs (by throwaway keys: the planner never checks signers), import
// tokens replaced by the grants' JWTs. Pending keys stay as the entities'
// keys, so planning the same config again must find nothing.
func pretendApplied(t *testing.T, p *Plan) *state.State {
	t.Helper()
	return pretendAppliedOver(t, p, state.New())
}

// pretendAppliedOver is pretendApplied for a plan made against prior:
// entities the plan found unchanged (their claims dropped) keep prior's.
func pretendAppliedOver(t *testing.T, p *Plan, prior *state.State) *state.State {
	t.Helper()
	st := state.New()
	signed := map[string]string{}
	for _, kind := range []state.Kind{state.KindGrant, state.KindOperator, state.KindAccount, state.KindUser} {
		for addr, d := range p.Desired {
			if d.Kind != kind {
				continue
			}
			if d.Claims == nil {
				st.Resources[addr] = prior.Get(addr)
				signed[addr] = prior.Get(addr).JWT
				continue
			}
			token := throwawaySign(t, d, signed)
			signed[addr] = token
			st.Resources[addr] = &state.Resource{Kind: d.Kind, Name: d.Name, PublicKey: d.PublicKey,
				Issuer: p.Desired[d.Signer].PublicKey, IssuedAt: 100, JWT: token, Digest: d.Digest,
				Export: d.Export, Revocations: d.Revocations, PreventDestroy: d.PreventDestroy}
		}
	}
	return st
}

func throwawaySign(t *testing.T, d *Desired, signed map[string]string) string {
	t.Helper()
	signer, _ := nkeys.CreateAccount()
	if d.Kind == state.KindOperator || d.Kind == state.KindAccount {
		signer, _ = nkeys.CreateOperator()
	}
	c := d.Claims
	if ac, ok := c.(*jwt.AccountClaims); ok {
		cp := *ac
		cp.Imports = nil
		for _, imp := range ac.Imports {
			ic := *imp
			if g, ok := ParseTokenRef(imp.Token); ok {
				ic.Token = signed[g]
			}
			cp.Imports = append(cp.Imports, &ic)
		}
		c = &cp
	}
	token, err := c.Encode(signer)
	if err != nil {
		t.Fatalf("sign %s: %v", d.Address, err)
	}
	return token
}

func TestFirstPlanCreatesEverything(t *testing.T) {
	p := planFor(t, services(t), state.New())
	add, change, destroy := p.Counts()
	if add != 9 || change != 0 || destroy != 0 {
		t.Fatalf("counts %d/%d/%d, want 9/0/0", add, change, destroy)
	}
	if len(p.Pending) != 8 {
		t.Fatalf("%d pending keys, want 8 (operator, 4 accounts, 3 users)", len(p.Pending))
	}
	// The importer carries a reference to its grant, not a JWT.
	ac := p.Desired["account.AccountC"].Claims.(*jwt.AccountClaims)
	if grant, ok := ParseTokenRef(ac.Imports[0].Token); !ok || grant != "grant.phelp_to_c" {
		t.Fatalf("AccountC import token %q does not reference grant.phelp_to_c", ac.Imports[0].Token)
	}
}

func TestSamePlanTwiceIsEmpty(t *testing.T) {
	first := planFor(t, services(t), state.New())
	again := planFor(t, services(t), pretendApplied(t, first))
	if !again.Empty() {
		t.Fatalf("second plan has %d changes: first %s", len(again.Changes), again.Changes[0].Address)
	}
}

func TestDigestIgnoresSigningFields(t *testing.T) {
	p := planFor(t, services(t), state.New())
	c := p.Desired["account.TestAccount"].Claims
	before := Digest(c)
	c.Claims().IssuedAt, c.Claims().ID = 1795632340, "JTI"
	if Digest(c) != before {
		t.Fatal("digest changed with iat/jti")
	}
	c.Claims().Name = "Renamed"
	if Digest(c) == before {
		t.Fatal("digest did not change with the name")
	}
}

// A changed grant re-issues the activation and re-signs the importer,
// saying why; the exporter revokes the activation issued for the old
// subject (revoke_grants.go), and everyone else stays untouched.
func TestGrantChangeCascadesToImporter(t *testing.T) {
	src := services(t)
	st := pretendApplied(t, planFor(t, src, state.New()))
	changed := strings.Replace(src, `subject = "help.${account.AccountC.public_key}"`, `subject = "help.*"`, 1)
	changed = strings.Replace(changed, `local_subject = "help"`, "subject = \"help.${account.AccountC.public_key}\"\n    local_subject = \"help\"", 1)
	p := planFor(t, changed, st)
	got := map[string]*Change{}
	for _, c := range p.Changes {
		got[c.Address] = c
	}
	if len(got) != 3 || got["grant.phelp_to_c"] == nil || got["account.AccountC"] == nil || got["account.TestAccount"] == nil {
		t.Fatalf("changes %v, want exactly the grant, its importer and its exporter", keys(got))
	}
	reasons := strings.Join(got["account.AccountC"].Reasons, "\n")
	if !strings.Contains(reasons, `activation for import "help" was re-issued (grant.phelp_to_c)`) {
		t.Fatalf("importer reasons: %q", reasons)
	}
	reasons = strings.Join(got["account.TestAccount"].Reasons, "\n")
	if want := `revokes the activation of grant.phelp_to_c for AccountC on export "phelp"`; !strings.Contains(reasons, want) {
		t.Fatalf("exporter reasons %q, want %q", reasons, want)
	}
	reasons = strings.Join(got["grant.phelp_to_c"].Reasons, "\n")
	if want := "TestAccount revokes the activation issued before to AccountC"; !strings.Contains(reasons, want) {
		t.Fatalf("grant reasons %q, want %q", reasons, want)
	}
}

// Removing a user is an update of its account that adds a revocation at
// the user's iat, plus the user's deletion; the revocation is kept.
func TestRemovedUserIsRevoked(t *testing.T) {
	src := services(t)
	st := pretendApplied(t, planFor(t, src, state.New()))
	userb := st.Get("account.AccountB.user.userb")
	p := planFor(t, strings.Replace(src, `user "userb" {}`, "", 1), st)
	if add, change, destroy := p.Counts(); add != 0 || change != 1 || destroy != 1 {
		t.Fatalf("counts %d/%d/%d, want 0/1/1", add, change, destroy)
	}
	acct := p.Desired["account.AccountB"]
	ac := acct.Claims.(*jwt.AccountClaims)
	if at, ok := ac.Revocations[userb.PublicKey]; !ok || at != userb.IssuedAt {
		t.Fatalf("revocations %v, want %s at %d", ac.Revocations, userb.PublicKey, userb.IssuedAt)
	}
	if len(acct.Revocations) != 1 || acct.Revocations[0].Address != "account.AccountB.user.userb" {
		t.Fatalf("state revocations %+v", acct.Revocations)
	}
	// Once applied, the revocation is carried forward and nothing changes.
	if again := planFor(t, strings.Replace(src, `user "userb" {}`, "", 1), applyTo(t, st, p)); !again.Empty() {
		t.Fatalf("plan after revocation: %s %c", again.Changes[0].Address, again.Changes[0].Action)
	}
}

// Removing a grant (and the import that needed it) revokes the activation
// on the export.
func TestRemovedGrantIsRevokedOnTheExport(t *testing.T) {
	src := services(t)
	st := pretendApplied(t, planFor(t, src, state.New()))
	grant := st.Get("grant.phelp_to_c")
	cut := src[:strings.Index(src, `  import "help" {
    service       = account.TestAccount.service.phelp`)] + "}\n"
	p := planFor(t, cut, st)
	ac := p.Desired["account.TestAccount"].Claims.(*jwt.AccountClaims)
	var phelp *jwt.Export
	for _, e := range ac.Exports {
		if e.Name == "phelp" {
			phelp = e
		}
	}
	if phelp == nil || phelp.Revocations[grant.PublicKey] != grant.IssuedAt {
		t.Fatalf("phelp revocations %v, want %s at %d", phelp.Revocations, grant.PublicKey, grant.IssuedAt)
	}
}

func applyTo(t *testing.T, st *state.State, p *Plan) *state.State {
	next := pretendAppliedOver(t, p, st)
	for addr, r := range st.Resources {
		if p.Desired[addr] != nil && r.Kind != state.KindGrant { // a grant's key is its target's
			next.Resources[addr].PublicKey = r.PublicKey
		}
	}
	return next
}

func keys(m map[string]*Change) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
