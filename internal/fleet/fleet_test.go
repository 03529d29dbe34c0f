package fleet

import (
	"bytes"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// A generated fleet is a valid configuration with the entities its spec
// promises, and a new version changes exactly the subjects it says.
func TestFleetLoadsWithTheEntitiesItPromises(t *testing.T) {
	spec := Spec{Accounts: 12, Users: 3, Imports: 5, Version: 2, Every: 4, Renamed: 7}
	var b bytes.Buffer
	if err := spec.Write(&b); err != nil {
		t.Fatal(err)
	}
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": b.Bytes()}, lang.LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	desired, _, diags := planner.Build(cfg, state.New(), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(desired) != spec.Entities() {
		t.Fatalf("%d entities built, the spec promises %d", len(desired), spec.Entities())
	}
	for i, want := range map[int]string{0: "svc.A000000.v2", 1: "svc.A000001", 4: "svc.A000004.v2", 8: "svc.A000008.v2"} {
		if got := spec.Subject(i); got != want {
			t.Errorf("Subject(%d) = %s, want %s", i, got, want)
		}
		if !strings.Contains(b.String(), `subject = "`+want+`"`) {
			t.Errorf("the config lacks subject %s", want)
		}
	}
	if users := cfg.Account("A000003").Users; users[2].Name != "u02r7" {
		t.Errorf("the last user is %s, want u02r7", users[2].Name)
	}
	if len(cfg.Account("A000011").Imports) != 5 || cfg.Account("A000011").Imports[0].From != "A000000" {
		t.Fatalf("the last account does not import from the first ones: %+v", cfg.Account("A000011").Imports)
	}
	if err := (Spec{Accounts: 5, Imports: 5}).Write(&b); err == nil {
		t.Fatal("a fleet too small for its imports was written")
	}
}
