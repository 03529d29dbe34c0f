package adopt

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/nsctest"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

func open(t *testing.T, dir string) *nscstore.Store {
	t.Helper()
	s, err := nscstore.Open(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// plan plans res.Config against res.State the way `natsplan plan` does,
// independently of Convert's own check.
func plan(t *testing.T, res *Result) *planner.Plan {
	t.Helper()
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": res.Config}, lang.LoadOptions{Keys: planner.StateKeys(res.State)})
	if diags.HasErrors() {
		t.Fatalf("the configuration does not load: %s\n%s", diags.Error(), res.Config)
	}
	p, diags := planner.New(cfg, res.State, nil)
	if diags.HasErrors() {
		t.Fatalf("plan: %s", diags.Error())
	}
	return p
}

// checkRoundTrip checks what adopting must give: no findings, a plan with
// no changes, a state the verifier accepts whose JWTs are the store's
// files byte for byte, and a key for every entity.
func checkRoundTrip(t *testing.T, s *nscstore.Store, res *Result) {
	t.Helper()
	if len(res.Findings) > 0 {
		t.Fatalf("findings: %v\n%s", res.Findings, res.Config)
	}
	if p := plan(t, res); !p.Empty() {
		for _, c := range p.Changes {
			t.Errorf("plan changes %s (%c) %v", c.Address, c.Action, c.Reasons)
		}
		t.Fatalf("configuration:\n%s", res.Config)
	}
	if problems := trust.State(res.State); len(problems) > 0 {
		t.Fatalf("the verifier rejects the adopted state: %v", problems)
	}
	files := map[string]string{s.Operator.JWT: s.Operator.Path}
	for _, a := range s.Accounts {
		files[a.JWT] = a.Path
		for _, u := range a.Users {
			files[u.JWT] = u.Path
		}
	}
	for addr, r := range res.State.Resources {
		path, ok := files[r.JWT]
		if r.Kind == state.KindGrant {
			continue // checked by the test: its token is in an account's JWT
		}
		if !ok {
			t.Errorf("%s: its JWT is not one of the store's files", addr)
			continue
		}
		if b, _ := os.ReadFile(path); string(b) != r.JWT {
			t.Errorf("%s: its JWT differs from %s", addr, path)
		}
		delete(files, r.JWT)
	}
	if len(files) > 0 {
		t.Errorf("files not adopted: %v", files)
	}
	keys := map[string]bool{}
	for _, k := range res.Keys {
		keys[k.PublicKey] = true
	}
	for addr, r := range res.State.Resources {
		if r.Kind != state.KindGrant && !keys[r.PublicKey] {
			t.Errorf("%s: key %s is not listed for copying", addr, r.PublicKey)
		}
		for name, k := range r.SigningKeys {
			if !keys[k] {
				t.Errorf("%s: signing key %s is not listed for copying", addr, name)
			}
		}
	}
}

func TestServicesStoreRoundTrip(t *testing.T) {
	s := open(t, "../nscstore/testdata/nsc-services/store")
	res, err := Convert(s, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, s, res)
	g := res.State.Get("grant.phelp_to_AccountC")
	ac := res.State.Get("account.AccountC")
	if g == nil || ac == nil {
		t.Fatalf("no grant for AccountC's import: %v", res.State.Addresses())
	}
	claims, err := jwt.DecodeAccountClaims(ac.JWT)
	if err != nil || len(claims.Imports) != 1 || claims.Imports[0].Token != g.JWT {
		t.Fatalf("the grant's JWT is not the token nsc put on AccountC's import")
	}
	if g.Export != "phelp" || g.PublicKey != ac.PublicKey {
		t.Fatalf("grant for export %q and key %s", g.Export, g.PublicKey)
	}
	// The operator and the system account are protected, as the language
	// protects them by default: otherwise the first plan would re-sign them.
	if !res.State.Get("operator.Test").PreventDestroy || !res.State.Get("account.SYS").PreventDestroy {
		t.Fatal("operator or system account not protected")
	}
	if len(res.Keys) != 11 {
		t.Fatalf("%d keys to copy, want 11 (operator, 4 accounts, SYS's signing key, 5 users)", len(res.Keys))
	}
}

// signedStore writes a store whose JWTs nsc signed with signing keys: an
// account signed by an operator signing key, a user and an activation
// token signed by an account signing key, and a revoked user.
func signedStore(t *testing.T) *nscstore.Store {
	s := nsctest.New(t, t.TempDir(), "Acme")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	oskp, ospub := s.Key(nkeys.PrefixByteOperator)
	_, apub := s.Key(nkeys.PrefixByteAccount)
	askp, aspub := s.Key(nkeys.PrefixByteAccount)
	_, bpub := s.Key(nkeys.PrefixByteAccount)
	_, upub := s.Key(nkeys.PrefixByteUser)
	_, revoked := s.Key(nkeys.PrefixByteUser)

	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "Acme"
	oc.SigningKeys.Add(ospub)
	oc.SystemAccount = bpub
	s.WriteOperator(oc, okp)

	ac := jwt.NewAccountClaims(apub)
	ac.Name = "Platform"
	ac.SigningKeys.Add(aspub)
	ac.Exports = append(ac.Exports, &jwt.Export{Name: "billing", Subject: "billing.>", Type: jwt.Service, TokenReq: true,
		ResponseType: jwt.ResponseTypeSingleton})
	ac.Revocations = jwt.RevocationList{}
	ac.Revocations[revoked] = 1700000000
	ac.Limits.LeafNodeConn = 4
	s.WriteAccount(ac, oskp)

	uc := jwt.NewUserClaims(upub)
	uc.Name = "web"
	uc.IssuerAccount = apub
	uc.Pub.Allow.Add("billing.>")
	s.WriteUser("Platform", uc, askp)

	act := jwt.NewActivationClaims(bpub)
	act.Name = "billing." + bpub
	act.ImportSubject = jwt.Subject("billing." + bpub)
	act.ImportType = jwt.Service
	act.IssuerAccount = apub
	bc := jwt.NewAccountClaims(bpub)
	bc.Name = "SYS"
	bc.Imports = append(bc.Imports, &jwt.Import{Name: "billing", Subject: jwt.Subject("billing." + bpub), Account: apub,
		Type: jwt.Service, Token: s.Encode(act, askp)})
	s.WriteAccount(bc, okp)
	return open(t, s.Root)
}

func TestSigningKeysAreKept(t *testing.T) {
	st := signedStore(t)
	res, err := Convert(st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, st, res)
	for _, want := range []string{
		"signed_by = operator.Acme.signing_key.sk1",    // the account
		"signed_by = account.Platform.signing_key.sk1", // the user and the grant
		`subject   = "billing.${account.SYS.public_key}"`,
	} {
		if !strings.Contains(string(res.Config), want) {
			t.Errorf("configuration lacks %q:\n%s", want, res.Config)
		}
	}
	if n := strings.Count(string(res.Config), "signed_by = account.Platform.signing_key.sk1"); n != 2 {
		t.Errorf("%d blocks signed by Platform's signing key, want 2 (user web, the grant)", n)
	}
	revs := res.State.Get("account.Platform").Revocations
	if len(revs) != 1 || revs[0].At != 1700000000 || revs[0].Address == "" {
		t.Fatalf("revocation kept as %+v", revs)
	}
}

// Names that are not labels (nsc names exports and imports after their
// subjects, and accepts any operator name) are kept with name = "...".
// An import of an export that no longer exists, which nsc keeps, is a
// warning: the store adopts to an empty plan.
func TestNamesKeptAndMissingExportWarned(t *testing.T) {
	s := nsctest.New(t, t.TempDir(), "Acme")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	akp, apub := s.Key(nkeys.PrefixByteAccount)
	_, spub := s.Key(nkeys.PrefixByteAccount)
	_, upub := s.Key(nkeys.PrefixByteUser)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "Acme Inc"
	oc.SystemAccount = spub
	s.WriteOperator(oc, okp)
	sys := jwt.NewAccountClaims(spub)
	sys.Name = "SYS"
	s.WriteAccount(sys, okp)
	ac := jwt.NewAccountClaims(apub)
	ac.Name = "my team"
	ac.Exports = append(ac.Exports, &jwt.Export{Name: "help.>", Subject: "help.>", Type: jwt.Service})
	ac.Imports = append(ac.Imports, &jwt.Import{Name: "$SYS.REQ.ACCOUNT.*.*", Subject: "$SYS.REQ.ACCOUNT.*.*", Account: spub, Type: jwt.Service})
	s.WriteAccount(ac, okp)
	uc := jwt.NewUserClaims(upub)
	uc.Name = "web.1"
	s.WriteUser("my team", uc, akp)
	st := open(t, s.Root)

	res, err := Convert(st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`account "my_team" {`, `name = "my team"`, `service "help" {`, `name    = "help.>"`,
		`user "web_1" {`, `name = "web.1"`, `# The JWT's name is not a valid label.`} {
		if !strings.Contains(string(res.Config), want) {
			t.Errorf("configuration lacks %q", want)
		}
	}
	// An import of an export SYS does not have (nsc keeps it when the
	// export is deleted) is written by key, with a warning, not dropped.
	if !strings.Contains(string(res.Config), `service = "$SYS.REQ.ACCOUNT.*.*"`) || !strings.Contains(string(res.Config), `from    = "`+spub+`"`) {
		t.Errorf("the import of a missing export is not written by key:\n%s", res.Config)
	}
	if !anyContains(res.Notes, "Import of a missing export") {
		t.Errorf("no warning about the import of a missing export in %q", res.Notes)
	}
	checkRoundTrip(t, st, res)
	if !regexp.MustCompile(`operator "Acme_Inc" \{\n(.*\n)*\s+name\s+= "Acme Inc"`).Match(res.Config) {
		t.Errorf("the operator does not keep its JWT name with name = ...:\n%s", res.Config)
	}
}

func openKeys(dir string) (*nscstore.Keys, error) { return nscstore.OpenKeys(dir) }

// The store real nsc built with signing keys, a scoped role, tiers,
// mappings, a revoked user and nsc's default names round-trips.
func TestSigningKeysStoreRoundTrip(t *testing.T) {
	s := open(t, "../nscstore/testdata/nsc-features/store")
	res, err := Convert(s, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, s, res)
	config := strings.Join(strings.Fields(string(res.Config)), " ") // alignment aside
	for _, want := range []string{
		`account "Platform" { signed_by = operator.Acme.signing_key.sk1`,
		`user "dev1" { signed_by = account.Platform.signing_key.dev }`,
		`user "web" { signed_by = account.Platform.signing_key.sk1`,
		`service "billing" { name = "billing.>"`,
		`import "billing_Shop" { name = "billing.` + res.State.Get("account.Shop").PublicKey + `"`,
		`grant "billing_to_Shop" {`,
		`signed_by = account.Platform.signing_key.sk1 }`,
	} {
		if !strings.Contains(config, want) {
			t.Errorf("configuration lacks %q:\n%s", want, res.Config)
		}
	}
	revs := res.State.Get("account.Platform").Revocations
	gone := res.State.Get("account.Platform.user.gone")
	if len(revs) != 1 || gone == nil || revs[0].PublicKey != gone.PublicKey || revs[0].Address != "account.Platform.user.gone" {
		t.Fatalf("the revocation of user gone is kept as %+v", revs)
	}
}

// An operator named "Acme Inc" (nsc accepts any name) adopts to an empty
// plan: the block keeps the JWT's name with name = "...", and the state
// records it, so that the state's verification accepts the JWT.
func TestOperatorNameNotALabelAdoptsEmpty(t *testing.T) {
	s := nsctest.New(t, t.TempDir(), "Acme Inc")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	_, spub := s.Key(nkeys.PrefixByteAccount)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "Acme Inc"
	oc.SystemAccount = spub
	s.WriteOperator(oc, okp)
	sys := jwt.NewAccountClaims(spub)
	sys.Name = "SYS"
	s.WriteAccount(sys, okp)

	st := open(t, s.Root)
	res, err := Convert(st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, st, res)
	if !regexp.MustCompile(`operator "Acme_Inc" \{\n(.*\n)*\s+name\s+= "Acme Inc"`).Match(res.Config) {
		t.Errorf("the operator does not keep its JWT name:\n%s", res.Config)
	}
	if r := res.State.Get("operator.Acme_Inc"); r == nil || r.ClaimName != "Acme Inc" {
		t.Fatalf("state records the operator as %+v", r)
	}
}
