package planner

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// planEdited plans src against st, which a test edited, returning the
// diagnostics instead of failing on them.
func planEdited(t *testing.T, src string, st *state.State) (*Plan, hcl.Diagnostics) {
	t.Helper()
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, lang.LoadOptions{Keys: StateKeys(st)})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	return New(cfg, st, nil)
}

func hasDiag(diags hcl.Diagnostics, summary, detail string) bool {
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Summary == summary && strings.Contains(d.Detail, detail) {
			return true
		}
	}
	return false
}

func changeAt(p *Plan, addr string) *Change {
	for _, c := range p.Changes {
		if c.Address == addr {
			return c
		}
	}
	return nil
}

// A public key edited in the state is not an in-place update: the
// entity's JWT is for its old key, so the plan is a replacement, and an
// error, since the configuration did not ask for a new key.
func TestEditedKeyIsAReplacement(t *testing.T) {
	src := services(t)
	st := pretendApplied(t, planFor(t, src, state.New()))
	if p := planFor(t, src, st); !p.Empty() {
		t.Fatalf("the untouched state plans changes: %v", changed(p))
	}
	old, other := st.Get("account.TestAccount").PublicKey, st.Get("account.AccountB").PublicKey
	st.Resources["account.TestAccount"].PublicKey = other
	p, diags := planEdited(t, src, st)
	c := changeAt(p, "account.TestAccount")
	if c == nil || c.Action != Replace || c.PriorKey != old {
		t.Fatalf("account.TestAccount: want a replacement from %s, got %+v", old, c)
	}
	if !hasDiag(diags, "Key change the configuration did not ask for", "account.TestAccount must be replaced (-/+, forces a new key)") {
		t.Fatalf("no error for the replacement: %v", diags)
	}
	if add, _, destroy := p.Counts(); add < 1 || destroy < 1 {
		t.Fatalf("a replacement counts as one to add and one to destroy: %d, %d", add, destroy)
	}
	st.Resources["account.TestAccount"].PublicKey = old
	if p := planFor(t, src, st); !p.Empty() {
		t.Fatalf("the restored state plans changes: %v", changed(p))
	}
}

// A kind edited in the state is reported, for an entity the
// configuration has and for one it no longer has; plan never says
// "No changes" over it.
func TestEditedKindIsReported(t *testing.T) {
	src := services(t)
	st := pretendApplied(t, planFor(t, src, state.New()))
	st.Resources["account.AccountB"].Kind = state.KindUser
	p, diags := planEdited(t, src, st)
	if p.Empty() || changeAt(p, "account.AccountB") == nil {
		t.Fatal("the plan ignores the edited kind")
	}
	if !hasDiag(diags, "State records the wrong kind", `The state records account.AccountB as a "user", but its address is that of an account`) {
		t.Fatalf("no error for the edited kind: %v", diags)
	}

	st = pretendApplied(t, planFor(t, src, state.New()))
	st.Resources["account.AccountB.user.userb"].Kind = state.KindAccount
	_, diags = planEdited(t, strings.Replace(src, `user "userb" {}`, "", 1), st)
	if !hasDiag(diags, "State records the wrong kind", "account.AccountB.user.userb") {
		t.Fatalf("no error for the edited kind of a deletion: %v", diags)
	}
	st.Resources["account.AccountB.user.userb"].Kind = state.KindUser
	if p := planFor(t, src, st); !p.Empty() {
		t.Fatalf("the restored state plans changes: %v", changed(p))
	}
}

// -replace is the only way to ask for a new key: it plans a replacement
// with no error, revokes the old key in the account, and binds a saved
// plan. A state whose key was edited stays an error even when -replace
// names the entity: the JWT in the state is for another key.
func TestRequestedReplacement(t *testing.T) {
	src := services(t)
	st := pretendApplied(t, planFor(t, src, state.New()))
	addr := "account.AccountB.user.userb"
	old := st.Get(addr).PublicKey
	p, diags := New(loadReplacing(t, src, st, addr), st, nil, Replacing([]string{addr}))
	if diags.HasErrors() {
		t.Fatalf("a requested replacement is an error: %s", diags.Error())
	}
	c := changeAt(p, addr)
	if c == nil || c.Action != Replace || !c.Requested || c.PriorKey != old {
		t.Fatalf("%s: want a requested replacement of %s, got %+v", addr, old, c)
	}
	acct := changeAt(p, "account.AccountB")
	if acct == nil || acct.Action != Update {
		t.Fatalf("account.AccountB does not revoke the old key: %+v", acct)
	}
	if revs := acct.Desired.Revocations; len(revs) != 1 || revs[0].PublicKey != old || revs[0].At != st.Get(addr).IssuedAt {
		t.Fatalf("account.AccountB revokes %+v, want %s at the old JWT's iat", revs, old)
	}
	if err := p.Save().Check(planFor(t, src, st)); err == nil || !strings.Contains(err.Error(), "-replace=["+addr+"]") {
		t.Fatalf("a saved plan with -replace checks against a plan without it: %v", err)
	}

	st.Resources[addr].PublicKey = st.Get("account.TestAccount.user.TestUser").PublicKey
	_, diags = New(loadReplacing(t, src, st, addr), st, nil, Replacing([]string{addr}))
	if !hasDiag(diags, "Key change the configuration did not ask for", addr+" must be replaced") {
		t.Fatalf("-replace hides an edited state key: %v", diags)
	}
}

// loadReplacing loads src as the CLI does for -replace=addr, as apply
// does: the key addr gets is made as the configuration is loaded.
func loadReplacing(t *testing.T, src string, st *state.State, addr string) *lang.Config {
	t.Helper()
	newKeys := func(addrs []string) []string {
		out := make([]string, len(addrs))
		for i := range addrs {
			kp, err := nkeys.CreateUser()
			if err != nil {
				t.Fatal(err)
			}
			out[i], _ = kp.PublicKey()
		}
		return out
	}
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(src)},
		lang.LoadOptions{Keys: ForgetReplaced(StateKeys(st), st, []string{addr}), NewKeys: newKeys})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	return cfg
}
