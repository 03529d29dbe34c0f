package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/view"
)

// show lists the signing keys of the operator and of each account, named
// as the configuration names them, with the role of a scoped key, and
// with the keys the state records for them.
func TestShowListsSigningKeys(t *testing.T) {
	dir := workdir(t, "full")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	var d view.StateDescription
	if err := json.Unmarshal([]byte(mustRun(t, exitOK, dir, "show", "-json")), &d); err != nil {
		t.Fatal(err)
	}
	st, err := state.Read(dir + "/" + defaultStatePath)
	if err != nil {
		t.Fatal(err)
	}
	opKeys := st.Get("operator.Acme").SigningKeys
	if got := d.Operator.SigningKeys; len(got) != 1 || got[0].Name != "accounts" || got[0].Scoped ||
		got[0].PublicKey != opKeys["accounts"] {
		t.Fatalf("operator signing keys %+v, state has %v", got, opKeys)
	}
	var platform *view.AccountInfo
	for i := range d.Accounts {
		if d.Accounts[i].Name == "Platform" {
			platform = &d.Accounts[i]
		}
	}
	keys := st.Get("account.Platform").SigningKeys
	want := []view.SigningKeyInfo{
		{Name: "oncall", PublicKey: keys["oncall"], Role: "oncall", Scoped: true},
		{Name: "ops", PublicKey: keys["ops"]},
	}
	if platform == nil || len(platform.SigningKeys) != 2 || platform.SigningKeys[0] != want[0] || platform.SigningKeys[1] != want[1] {
		t.Fatalf("Platform's signing keys: %+v, want %+v", platform, want)
	}
	out := mustRun(t, exitOK, dir, "show")
	for _, line := range []string{"Signing Keys of Acme", "Signing Keys of Platform", "role oncall", "unscoped"} {
		if !strings.Contains(out, line) {
			t.Fatalf("show does not say %q:\n%s", line, out)
		}
	}
}
