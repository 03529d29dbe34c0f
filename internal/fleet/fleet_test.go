package fleet

import (
	"bytes"
	"path/filepath"
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

// WriteFile splits the fleet into files of AccountsPerFile accounts that
// load as the same configuration as Write's single file, and a smaller
// fleet written over a larger one leaves none of the larger one's files.
func TestWriteFileSplitsTheFleet(t *testing.T) {
	dir := t.TempDir()
	big := Spec{Accounts: 2*AccountsPerFile + 5, Users: 1, Imports: 2}
	if err := big.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if len(names) != 4 {
		t.Fatalf("files %v, want main.hcl and 3 account files", names)
	}
	cfg, diags := lang.Load(dir, lang.LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(cfg.Accounts) != big.Accounts+1 || cfg.Operator == nil || cfg.Operator.SystemAccount != "SYS" {
		t.Fatalf("%d accounts loaded, want %d", len(cfg.Accounts), big.Accounts+1)
	}
	small := Spec{Accounts: 10, Users: 1, Imports: 2}
	if err := small.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	names, _ = filepath.Glob(filepath.Join(dir, "*"))
	if len(names) != 2 {
		t.Fatalf("files %v, want main.hcl and accounts-000.hcl", names)
	}
	cfg, diags = lang.Load(dir, lang.LoadOptions{})
	if diags.HasErrors() || len(cfg.Accounts) != small.Accounts+1 {
		t.Fatalf("%d accounts loaded, want %d: %v", len(cfg.Accounts), small.Accounts+1, diags)
	}
}
