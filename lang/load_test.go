package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/nkeys"
)

// diagLines formats diagnostics as "file:line: Summary", warnings marked,
// so tests state what is reported and where.
func diagLines(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		s := d.Summary
		if d.Severity == hcl.DiagWarning {
			s = "warning: " + s
		}
		if d.Subject != nil {
			s = fmt.Sprintf("%s:%d: %s", d.Subject.Filename, d.Subject.Start.Line, s)
		}
		out = append(out, s)
	}
	return out
}

// describe renders the parts of a Config a reader checks, without ranges.
func describe(cfg *Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "operator %s system=%s\n", cfg.Operator.Name, cfg.Operator.SystemAccount)
	for _, a := range cfg.Accounts {
		fmt.Fprintf(&b, "account %s\n", a.Name)
		for _, u := range a.Users {
			fmt.Fprintf(&b, "  user %s (%s)\n", u.Name, u.Address())
		}
		for _, e := range a.Exports {
			fmt.Fprintf(&b, "  %s %s subject=%s private=%v\n", e.Kind, e.Name, e.Subject, e.Private)
		}
		for _, i := range a.Imports {
			fmt.Fprintf(&b, "  import %s %s %s.%s subject=%s local=%s grant=%s\n",
				i.Name, i.Kind, i.From, i.Export, i.Subject, i.LocalSubject, i.Grant)
		}
	}
	for _, g := range cfg.Grants {
		fmt.Fprintf(&b, "grant %s %s %s.%s to=%s subject=%s\n", g.Name, g.Kind, g.From, g.Export, g.To, g.Subject)
	}
	return b.String()
}

const wantServices = `operator Test system=SYS
account AccountB
  user userb (account.AccountB.user.userb)
  import help service TestAccount.srv subject=help local= grant=
  import news stream TestAccount.news subject=news.sports.* local=sports.$1 grant=
account AccountC
  user userc (account.AccountC.user.userc)
  import help service TestAccount.phelp subject=help.KEY_C local=help grant=phelp_to_c
account SYS
account TestAccount
  user TestUser (account.TestAccount.user.TestUser)
  stream news subject=news.> private=false
  service phelp subject=help.> private=true
  service srv subject=help private=false
grant phelp_to_c service TestAccount.phelp to=AccountC subject=help.KEY_C
`

func readServices(t *testing.T) map[string][]byte {
	t.Helper()
	src, err := os.ReadFile("testdata/services.hcl")
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{"services.hcl": src}
}

func TestServicesPendingKeys(t *testing.T) {
	cfg, diags := LoadFiles(readServices(t), LoadOptions{})
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diagLines(diags))
	}
	keyC := PendingKey("account.AccountC")
	want := strings.ReplaceAll(wantServices, "KEY_C", keyC)
	if got := describe(cfg); got != want {
		t.Errorf("config:\n%s\nwant:\n%s", got, want)
	}
	if got := cfg.Account("AccountC").Imports[0].Subject; got != "help."+keyC {
		t.Errorf("AccountC import subject = %q, want help.%s", got, keyC)
	}
	for _, addr := range []string{"account.SYS", "account.TestAccount", "account.AccountB", "account.AccountC", "operator.Test"} {
		if got := cfg.Pending[PendingKey(addr)]; got != addr {
			t.Errorf("Pending[PendingKey(%q)] = %q, want %q", addr, got, addr)
		}
	}
	// Every declared entity's key is pending: the operator, 4 accounts, 3 users.
	if len(cfg.Pending) != 8 {
		t.Errorf("Pending has %d entries, want 8: %v", len(cfg.Pending), cfg.Pending)
	}
	if !cfg.IsPending(keyC) {
		t.Errorf("IsPending(%s) = false", keyC)
	}
}

func TestServicesKnownKeys(t *testing.T) {
	kp, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	realC, _ := kp.PublicKey()
	keys := func(addr string) (string, bool) {
		if addr == "account.AccountC" {
			return realC, true
		}
		return "", false
	}
	cfg, diags := LoadFiles(readServices(t), LoadOptions{Keys: keys})
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diagLines(diags))
	}
	want := strings.ReplaceAll(wantServices, "KEY_C", realC)
	if got := describe(cfg); got != want {
		t.Errorf("config:\n%s\nwant:\n%s", got, want)
	}
	if cfg.IsPending(realC) || cfg.Pending[PendingKey("account.AccountC")] != "" {
		t.Errorf("a known key is listed as pending: %v", cfg.Pending)
	}
	if len(cfg.Pending) != 7 {
		t.Errorf("Pending has %d entries, want 7: %v", len(cfg.Pending), cfg.Pending)
	}
}

func TestServicesRanges(t *testing.T) {
	cfg, _ := LoadFiles(readServices(t), LoadOptions{})
	lines := map[string]hcl.Range{
		"operator":            cfg.Operator.DeclRange,
		"system_account":      cfg.Operator.SystemRange,
		"account AccountC":    cfg.Account("AccountC").DeclRange,
		"import ref":          cfg.Account("AccountC").Imports[0].RefRange,
		"import local":        cfg.Account("AccountC").Imports[0].LocalSubjectRange,
		"import subject":      cfg.Account("AccountC").Imports[0].SubjectRange,
		"export phelp":        cfg.Account("TestAccount").Export("phelp").SubjectRange,
		"grant to":            cfg.Grants[0].ToRange,
		"grant subject value": cfg.Grants[0].SubjectRange,
	}
	want := map[string]int{
		"operator": 4, "system_account": 5, "account AccountC": 44, "import ref": 50,
		"import local": 51, "import subject": 49, "export phelp": 20, "grant to": 58, "grant subject value": 59,
	}
	for name, r := range lines {
		if r.Filename != "services.hcl" || r.Start.Line != want[name] {
			t.Errorf("%s at %s:%d, want services.hcl:%d", name, r.Filename, r.Start.Line, want[name])
		}
	}
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b_accounts.hcl": "account \"SYS\" {}\naccount \"A\" {\n  user \"u\" {}\n}\n",
		"a_operator.hcl": "operator \"O\" {\n  system_account = account.SYS\n}\n",
		".scratch.hcl":   "this is not HCL {",
		"notes.txt":      "ignored",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.hcl"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg, diags := Load(dir, LoadOptions{})
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diagLines(diags))
	}
	if cfg.Operator.Name != "O" || len(cfg.Accounts) != 2 || cfg.Accounts[0].Name != "A" {
		t.Errorf("unexpected config:\n%s", describe(cfg))
	}
	if len(cfg.Sources) != 2 || string(cfg.Sources[filepath.Join(dir, "a_operator.hcl")]) != files["a_operator.hcl"] {
		t.Errorf("Sources = %v, want the two .hcl files by path", cfg.Sources)
	}
	byBase := map[string][]byte{
		"a_operator.hcl": []byte(files["a_operator.hcl"]),
		"b_accounts.hcl": []byte(files["b_accounts.hcl"]),
	}
	if cfg.Digest != Digest(byBase) {
		t.Errorf("Digest depends on the directory")
	}
}

func TestLoadEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	_, diags := Load(dir, LoadOptions{})
	if got := diagLines(diags); len(got) != 1 || got[0] != "No configuration files" {
		t.Errorf("diagnostics = %v", got)
	}
	if want := "There are no *.hcl files in " + dir + "."; !strings.HasPrefix(diags[0].Detail, want) {
		t.Errorf("detail = %q, want it to start %q", diags[0].Detail, want)
	}
}

func TestDigest(t *testing.T) {
	a := map[string][]byte{"a.hcl": []byte("x"), "b.hcl": []byte("y")}
	same := map[string][]byte{"dir/b.hcl": []byte("y"), "dir/a.hcl": []byte("x")}
	moved := map[string][]byte{"a.hcl": []byte("xy"), "b.hcl": []byte("")}
	renamed := map[string][]byte{"a.hcl": []byte("x"), "c.hcl": []byte("y")}
	if Digest(a) != Digest(same) {
		t.Error("Digest differs for the same files in another directory")
	}
	if Digest(a) == Digest(moved) || Digest(a) == Digest(renamed) {
		t.Error("Digest does not separate names and contents")
	}
	if len(Digest(a)) != 64 {
		t.Errorf("Digest %q is not hex sha256", Digest(a))
	}
}

func TestPendingKey(t *testing.T) {
	for _, tc := range []struct {
		addr  string
		valid func(string) bool
	}{
		{"account.AccountC", nkeys.IsValidPublicAccountKey},
		{"operator.Test", nkeys.IsValidPublicOperatorKey},
		{"account.AccountC.user.userc", nkeys.IsValidPublicUserKey},
	} {
		key := PendingKey(tc.addr)
		if !tc.valid(key) {
			t.Errorf("PendingKey(%q) = %q is not a valid key of its kind", tc.addr, key)
		}
		if PendingKey(tc.addr) != key {
			t.Errorf("PendingKey(%q) is not deterministic", tc.addr)
		}
		if !validSubject(key) || strings.ContainsAny(key, ".*>") {
			t.Errorf("PendingKey(%q) = %q is not a literal subject token", tc.addr, key)
		}
	}
	if PendingKey("account.A") == PendingKey("account.B") {
		t.Error("PendingKey collides")
	}
}

func TestEvalFunctionsAndOperator(t *testing.T) {
	src := `operator "Test" { system_account = account.SYS }
account "SYS" {}
account "Exp" {
  stream "s" { subject = "${lower("EVENTS")}.${join(".", ["a", "b"])}.>" }
}
account "Imp" {
  import "s" {
    stream  = account.Exp.stream.s
    subject = format("events.a.b.%s", operator.Test.public_key)
  }
}
`
	cfg, diags := LoadFiles(map[string][]byte{"f.hcl": []byte(src)}, LoadOptions{})
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diagLines(diags))
	}
	if got := cfg.Account("Exp").Exports[0].Subject; got != "events.a.b.>" {
		t.Errorf("export subject = %q", got)
	}
	want := "events.a.b." + PendingKey("operator.Test")
	if got := cfg.Account("Imp").Imports[0].Subject; got != want {
		t.Errorf("import subject = %q, want %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	src := "account \"A\" {\nuser \"u\" {}\n  service \"s\" {\n subject = \"a\"\n      private = true\n }\n}\n"
	want := "account \"A\" {\n  user \"u\" {}\n  service \"s\" {\n    subject = \"a\"\n    private = true\n  }\n}\n"
	if got := string(Format([]byte(src))); got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
	services, _ := os.ReadFile("testdata/services.hcl")
	if got := Format(services); string(got) != string(services) {
		t.Errorf("testdata/services.hcl is not formatted:\n%s", got)
	}
}

// FuzzLoadFiles checks that no input makes loading panic, and that a
// configuration without errors always has its operator.
func FuzzLoadFiles(f *testing.F) {
	services, err := os.ReadFile("testdata/services.hcl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(services)
	f.Add([]byte(prelude))
	f.Add([]byte("account \"A\" { import \"i\" { service = account.A.service[0] } }"))
	if full, err := os.ReadFile("../examples/full/main.hcl"); err == nil {
		f.Add(full)
	}
	f.Add([]byte(base + "variable \"v\" { default = {a = 1} }\nlocals { l = var.v }\n" +
		"account \"t\" {\n  for_each = local.l\n  user \"u\" { signed_by = account.t[each.key].signing_key.k }\n}\n" +
		"moved {\n  from = account.x\n  to = account.t[\"a\"]\n}\n"))
	// Around the limits of nesting and size (nesting.go, sizelimits.go).
	f.Add([]byte("locals {\n  x = " + strings.Repeat("[", MaxNesting) + strings.Repeat("]", MaxNesting) + "\n  y = \"${\"%{if 1}${1 ? 2 : !-3}%{endif}\"}\"\n}\n"))
	f.Add([]byte("locals {\n  x = <<EOT\n%{ for i in setproduct(range(50), range(50)) }${i[0]}%{ endfor }\nEOT\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, diags := LoadFiles(map[string][]byte{"f.hcl": src}, LoadOptions{})
		if !diags.HasErrors() && cfg.Operator == nil {
			t.Errorf("no errors and no operator")
		}
		Format(src)
	})
}
