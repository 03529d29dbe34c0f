package adopt

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/nsctest"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

func revokedActivationStore(t *testing.T) *nsctest.Store {
	return nsctest.RevokedActivation(t, t.TempDir())
}

// An import whose activation the exporter has since revoked is a tree
// nsc accepts and natsplan's validation would refuse to sign: adopting it
// gives an empty plan, with the finding as a warning.
func TestRevokedActivationAdoptsWithWarning(t *testing.T) {
	s := revokedActivationStore(t)
	st := open(t, s.Root)
	res, err := Convert(st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", res.Config)
	checkRoundTrip(t, st, res)
	if !anyContains(res.Notes, "revoke") {
		t.Errorf("no warning about the revoked activation in %q", res.Notes)
	}
}

func anyContains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// The warning never lets natsplan sign what the rule refuses: a plan that
// would sign the importer (an edit of App), the exporter or the grant (a
// fresh state, where all three are created) fails with the rule as an
// error; an edit elsewhere still plans.
func TestRevokedActivationRefusedWhenSigning(t *testing.T) {
	res, err := Convert(open(t, revokedActivationStore(t).Root), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, edit string
		st         *state.State
		refused    string // the addresses the error names, "" for none
	}{
		{"an edit of the importer", `account "App" {` + "\n  description = \"edited\"", res.State, "account.App"},
		{"an edit of the exporter", `account "Shop" {` + "\n  description = \"edited\"", res.State, "account.Shop"},
		{"an edit elsewhere", `account "SYS" {}`, res.State, ""},
		{"a fresh state", `account "SYS" {}`, state.New(), "account.App and account.Shop and grant.billing_to_App"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := string(res.Config)
			if !strings.Contains(src, strings.SplitN(tc.edit, "\n", 2)[0]) {
				t.Fatalf("no %q in the configuration", tc.edit)
			}
			if tc.refused == "" {
				src += "\naccount \"Other\" {}\n"
			} else {
				src = strings.Replace(src, strings.SplitN(tc.edit, "\n", 2)[0], tc.edit, 1)
			}
			cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, lang.LoadOptions{Keys: planner.StateKeys(tc.st)})
			if diags.HasErrors() {
				t.Fatalf("load: %s", diags.Error())
			}
			p, diags := planner.New(cfg, tc.st, nil)
			if p.Empty() {
				t.Fatal("the edit changes nothing")
			}
			var errs []string
			for _, d := range diags {
				if d.Severity == hcl.DiagError {
					errs = append(errs, d.Summary+": "+d.Detail)
				}
			}
			switch {
			case tc.refused == "" && len(errs) > 0:
				t.Fatalf("refused: %v", errs)
			case tc.refused != "" && (len(errs) != 1 || !strings.Contains(errs[0], "Import of a revoked activation") ||
				!strings.Contains(errs[0], "would sign "+tc.refused+",")):
				t.Fatalf("errors %q, want the revoked activation refusing %s", errs, tc.refused)
			}
		})
	}
}

// An import of an export its account no longer has (nsc keeps it when
// the export is deleted) adopts by key with a warning; an edit of the
// importer, which would sign it, is refused with the rule as an error.
func TestMissingExportRefusedWhenSigning(t *testing.T) {
	s := nsctest.New(t, t.TempDir(), "Acme")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	_, spub := s.Key(nkeys.PrefixByteAccount)
	_, apub := s.Key(nkeys.PrefixByteAccount)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name, oc.SystemAccount = "Acme", spub
	s.WriteOperator(oc, okp)
	sys := jwt.NewAccountClaims(spub)
	sys.Name = "SYS"
	s.WriteAccount(sys, okp)
	ac := jwt.NewAccountClaims(apub)
	ac.Name = "App"
	ac.Imports = append(ac.Imports, &jwt.Import{Name: "gone", Subject: "gone.>", Account: spub, Type: jwt.Stream})
	s.WriteAccount(ac, okp)
	st := open(t, s.Root)
	res, err := Convert(st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, st, res)
	if !anyContains(res.Notes, "Import of a missing export") {
		t.Fatalf("no warning in %q", res.Notes)
	}

	src := strings.Replace(string(res.Config), "account \"App\" {\n", "account \"App\" {\n  description = \"edited\"\n", 1)
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, lang.LoadOptions{Keys: planner.StateKeys(res.State)})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	_, diags = planner.New(cfg, res.State, nil)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "Import of a missing export") ||
		!strings.Contains(diags.Error(), "This plan would sign account.App,") {
		t.Fatalf("an edit of the importer plans: %v", diags)
	}
}

// Service imports from two exporters whose local subjects overlap: jwt/v2
// (and so nsc) checks overlaps only among imports from one exporter, and
// natsplan refuses them. The store adopts to an empty plan with a warning;
// an edit of the importer is refused.
func TestOverlappingImportsAdoptWithWarning(t *testing.T) {
	s := nsctest.New(t, t.TempDir(), "Acme")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	_, spub := s.Key(nkeys.PrefixByteAccount)
	_, xpub := s.Key(nkeys.PrefixByteAccount)
	_, ypub := s.Key(nkeys.PrefixByteAccount)
	_, apub := s.Key(nkeys.PrefixByteAccount)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name, oc.SystemAccount = "Acme", spub
	s.WriteOperator(oc, okp)
	for name, pub := range map[string]string{"SYS": spub, "X": xpub, "Y": ypub} {
		ac := jwt.NewAccountClaims(pub)
		ac.Name = name
		if name != "SYS" {
			ac.Exports = append(ac.Exports, &jwt.Export{Name: "orders", Subject: "orders.>", Type: jwt.Service})
		}
		s.WriteAccount(ac, okp)
	}
	ac := jwt.NewAccountClaims(apub)
	ac.Name = "App"
	ac.Imports = append(ac.Imports,
		&jwt.Import{Name: "x", Subject: "orders.>", Account: xpub, Type: jwt.Service},
		&jwt.Import{Name: "y", Subject: "orders.eu", Account: ypub, Type: jwt.Service})
	s.WriteAccount(ac, okp)
	st := open(t, s.Root)
	res, err := Convert(st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, st, res)
	if !anyContains(res.Notes, "Overlapping service imports") {
		t.Fatalf("no warning in %q", res.Notes)
	}
	src := strings.Replace(string(res.Config), "account \"App\" {\n", "account \"App\" {\n  description = \"edited\"\n", 1)
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, lang.LoadOptions{Keys: planner.StateKeys(res.State)})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	if _, diags = planner.New(cfg, res.State, nil); !diags.HasErrors() ||
		!strings.Contains(diags.Error(), "Overlapping service imports") || !strings.Contains(diags.Error(), "This plan would sign account.App,") {
		t.Fatalf("an edit of the importer plans: %v", diags)
	}
}
