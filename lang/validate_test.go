package lang

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// prelude is a.hcl of most cases: a valid operator and an exporting
// account, so that each case in c.hcl shows only what it is about and its
// line numbers start at 1.
const prelude = `operator "O" {
  system_account = account.SYS
}
account "SYS" {}
account "Exp" {
  service "pub" { subject = "pub.>" }
  service "priv" {
    subject = "priv.*.>"
    private = true
  }
  stream "st" { subject = "st.>" }
}
`

func loadCase(src string, withPrelude bool) (*Config, hcl.Diagnostics) {
	files := map[string][]byte{"c.hcl": []byte(src)}
	if withPrelude {
		files["a.hcl"] = []byte(prelude)
	}
	return LoadFiles(files, LoadOptions{})
}

func TestInvalidConfigs(t *testing.T) {
	runInvalid(t, []invalidCase{
		{name: "no operator", noPrelude: true,
			src:  "account \"SYS\" {}\n",
			want: []string{"c.hcl:1: Missing operator"}},
		{name: "two operators",
			src:    "\noperator \"P\" { system_account = account.SYS }\n",
			want:   []string{"c.hcl:2: Duplicate operator"},
			detail: "already declared at a.hcl:1"},
		{name: "no system account", noPrelude: true,
			src:  "account \"SYS\" {}\noperator \"O\" {}\n",
			want: []string{"c.hcl:2: Missing system account"}},
		{name: "undeclared system account", noPrelude: true,
			src:    "account \"SYS\" {}\noperator \"O\" {\n  system_account = account.SYSS\n}\n",
			want:   []string{"c.hcl:3: Reference to undeclared account"},
			detail: `Did you mean "SYS"?`},
		{name: "system account as string", noPrelude: true,
			src:    "account \"SYS\" {}\noperator \"O\" {\n  system_account = \"SYS\"\n}\n",
			want:   []string{"c.hcl:3: Invalid reference"},
			detail: "account.NAME"},
		{name: "duplicate account",
			src:  "account \"A\" {}\n\naccount \"A\" {}\naccount \"Exp\" {}\n",
			want: []string{"c.hcl:3: Duplicate account", "c.hcl:4: Duplicate account"}},
		{name: "duplicate user",
			src:  "account \"A\" {\n  user \"u\" {}\n  user \"u\" {}\n}\n",
			want: []string{"c.hcl:3: Duplicate user"}},
		{name: "service and stream share a namespace",
			src:    "account \"A\" {\n  service \"x\" { subject = \"a\" }\n  stream \"x\" { subject = \"b\" }\n}\n",
			want:   []string{"c.hcl:3: Duplicate export"},
			detail: "share one namespace"},
		{name: "duplicate import",
			src:  "account \"A\" {\n  import \"i\" { service = account.Exp.service.pub }\n  import \"i\" { stream = account.Exp.stream.st }\n}\n",
			want: []string{"c.hcl:3: Duplicate import"}},
		{name: "duplicate grant",
			src: "account \"A\" {}\ngrant \"g\" {\n  service = account.Exp.service.priv\n  to = account.A\n}\n" +
				"grant \"g\" {\n  service = account.Exp.service.priv\n  to = account.A\n}\n",
			want: []string{"c.hcl:6: Duplicate grant"}},
		{name: "invalid names",
			src:  "account \"my acct\" {\n  user \"a.b\" {}\n  service \"\" { subject = \"a\" }\n}\n",
			want: []string{"c.hcl:1: Invalid account name", "c.hcl:2: Invalid user name", "c.hcl:3: Invalid service name"}},
		{name: "unknown argument and block",
			src: "account \"A\" {\n  import \"i\" {\n    service = account.Exp.service.pub\n    subjct = \"pub.x\"\n  }\n" +
				"  user \"u\" {\n    limits {}\n  }\n}\n",
			want:   []string{"c.hcl:4: Unsupported argument", "c.hcl:7: Unsupported block type"},
			detail: `Did you mean "subject"?`},
		{name: "reference of the wrong shape",
			src: "account \"A\" {\n  import \"a\" { service = account.Exp.foo.pub }\n  import \"b\" { service = account.Exp }\n" +
				"  import \"c\" { service = \"account.Exp.service.pub\" }\n  import \"d\" { service = exp.Exp.service.pub }\n}\n",
			want: []string{"c.hcl:2: Invalid reference", "c.hcl:3: Invalid reference", "c.hcl:4: Invalid reference", "c.hcl:5: Invalid reference"}},
		{name: "service reference to a stream",
			src:    "account \"A\" {\n  import \"a\" { service = account.Exp.stream.st }\n}\n",
			want:   []string{"c.hcl:2: Wrong export kind"},
			detail: "stream = account.Exp.stream.st"},
		{name: "service kind names a stream export",
			src:    "account \"A\" {\n  import \"a\" { service = account.Exp.service.st }\n}\n",
			want:   []string{"c.hcl:2: Wrong export kind"},
			detail: "is a stream, not a service"},
		{name: "both and neither service and stream",
			src: "account \"A\" {\n  import \"a\" {\n    service = account.Exp.service.pub\n    stream  = account.Exp.stream.st\n  }\n" +
				"  import \"b\" {\n    subject = \"x\"\n  }\n}\n",
			want: []string{"c.hcl:4: Conflicting export references", "c.hcl:6: Missing export reference"}},
		{name: "undeclared account and export",
			src:    "account \"A\" {\n  import \"a\" { service = account.Expo.service.pub }\n  import \"b\" { service = account.Exp.service.pubb }\n}\n",
			want:   []string{"c.hcl:2: Reference to undeclared account", "c.hcl:3: Reference to undeclared export"},
			detail: `Did you mean "Exp"?`},
		{name: "self-import",
			src:    "account \"A\" {\n  service \"s\" { subject = \"s\" }\n  import \"s\" { service = account.A.service.s }\n}\n",
			want:   []string{"c.hcl:3: Self-import"},
			detail: "Self-imports are not valid"},
		{name: "private import without grant",
			src:    "account \"A\" {\n  import \"p\" { service = account.Exp.service.priv }\n}\n",
			want:   []string{"c.hcl:2: Missing grant"},
			detail: "Add a grant block with service = account.Exp.service.priv and to = account.A"},
		{name: "grant for another account does not count",
			src: "account \"A\" {\n  import \"p\" { service = account.Exp.service.priv }\n}\naccount \"B\" {}\n" +
				"grant \"g\" {\n  service = account.Exp.service.priv\n  to = account.B\n}\n",
			want: []string{"c.hcl:2: Missing grant"}},
		{name: "grant for a public export",
			src:  "account \"A\" {}\ngrant \"g\" {\n  service = account.Exp.service.pub\n  to = account.A\n}\n",
			want: []string{"c.hcl:3: warning: Grant for public export"}},
		{name: "grant to the exporter",
			src:  "grant \"g\" {\n  service = account.Exp.service.priv\n  to = account.Exp\n}\n",
			want: []string{"c.hcl:3: Grant to exporting account"}},
		{name: "grant to an undeclared account and export",
			src:  "grant \"g\" {\n  service = account.Exp.service.nope\n  to = account.Nope\n}\n",
			want: []string{"c.hcl:2: Reference to undeclared export", "c.hcl:3: Reference to undeclared account"}},
		{name: "grant without to",
			src:  "grant \"g\" {\n  service = account.Exp.service.priv\n}\n",
			want: []string{"c.hcl:1: Missing required argument"}},
		{name: "grant subject outside export",
			src: "account \"A\" {}\ngrant \"g\" {\n  service = account.Exp.service.priv\n  to = account.A\n  subject = \"priv.>\"\n}\n" +
				"grant \"h\" {\n  service = account.Exp.service.priv\n  to = account.A\n  subject = \"other.x.y\"\n}\n",
			want: []string{"c.hcl:5: Grant subject outside export", "c.hcl:10: Grant subject outside export"}},
		{name: "import subject outside export",
			src:  "account \"A\" {\n  import \"a\" {\n    service = account.Exp.service.pub\n    subject = \"pubx.y\"\n  }\n}\n",
			want: []string{"c.hcl:4: Import subject outside export"}},
		{name: "import subject outside grant",
			src: "account \"A\" {\n  import \"a\" {\n    service = account.Exp.service.priv\n    subject = \"priv.b.c\"\n  }\n}\n" +
				"grant \"g\" {\n  service = account.Exp.service.priv\n  to = account.A\n  subject = \"priv.a.>\"\n}\n",
			want:   []string{"c.hcl:4: Import subject outside grant"},
			detail: `grant "g" allows ("priv.a.>")`},
		{name: "ambiguous grant",
			src: "account \"A\" {\n  import \"a\" { service = account.Exp.service.priv }\n}\n" +
				"grant \"g\" {\n  service = account.Exp.service.priv\n  to = account.A\n  subject = \"priv.a.>\"\n}\n" +
				"grant \"h\" {\n  service = account.Exp.service.priv\n  to = account.A\n  subject = \"priv.b.>\"\n}\n",
			want: []string{"c.hcl:2: Ambiguous grant"}},
		{name: "invalid subjects",
			src: "account \"A\" {\n  service \"a\" { subject = \"a..b\" }\n  service \"b\" { subject = \".a\" }\n" +
				"  service \"c\" { subject = \"a.\" }\n  service \"d\" { subject = \"a b\" }\n  service \"e\" { subject = \"a.>.b\" }\n" +
				"  service \"f\" { subject = \"a*\" }\n  service \"g\" { subject = \"\" }\n  stream \"h\" { subject = \"x.y>\" }\n}\n",
			want: []string{"c.hcl:2: Invalid subject", "c.hcl:3: Invalid subject", "c.hcl:4: Invalid subject",
				"c.hcl:5: Invalid subject", "c.hcl:6: Invalid subject", "c.hcl:7: Invalid subject",
				"c.hcl:8: Invalid subject", "c.hcl:9: Invalid subject"}},
		{name: "invalid local subjects",
			src: "account \"A\" {\n  import \"a\" {\n    stream = account.Exp.stream.st\n    subject = \"st.*\"\n    local_subject = \"mine\"\n  }\n" +
				"  import \"b\" {\n    stream = account.Exp.stream.st\n    local_subject = \"mine\"\n  }\n" +
				"  import \"c\" {\n    stream = account.Exp.stream.st\n    subject = \"st.*\"\n    local_subject = \"mine.$2\"\n  }\n" +
				"  import \"d\" {\n    stream = account.Exp.stream.st\n    local_subject = \"mine..>\"\n  }\n}\n",
			want: []string{"c.hcl:5: Invalid local subject", "c.hcl:9: Invalid local subject",
				"c.hcl:14: Invalid local subject", "c.hcl:14: Invalid local subject", "c.hcl:18: Invalid subject"}},
		{name: "string references an undeclared account",
			src:  "account \"A\" {\n  service \"s\" { subject = \"s.${account.Nope.public_key}\" }\n}\n",
			want: []string{"c.hcl:2: Reference to undeclared account"}},
		{name: "wrong value type",
			src: "account \"A\" {\n  service \"s\" {\n    subject = \"s\"\n    private = \"yes\"\n  }\n" +
				"  service \"t\" { subject = [\"t\"] }\n}\n",
			want: []string{"c.hcl:4: Incorrect attribute value type", "c.hcl:6: Incorrect attribute value type"}},
		{name: "syntax errors stop before decoding",
			src:  "account \"A\" {\n  import \"x\" { service = account.Nope.service.y }\n  user \"u\" {\n}\n",
			want: []string{"c.hcl:1: Unclosed configuration block"}},
	})
}

// TestAllErrorsAtOnce checks that one Load reports every independent
// problem, across files and phases.
func TestAllErrorsAtOnce(t *testing.T) {
	src := `account "A" {
  user "u" {}
  user "u" {}
  service "bad" { subject = "a..b" }
  import "self" { service = account.A.service.bad }
  import "p" { service = account.Exp.service.priv }
  import "s" { service = account.Exp.stream.st }
}
account "A" {}
grant "g" {
  service = account.Exp.service.pub
  to      = account.Nobody
}
`
	_, diags := loadCase(src, true)
	want := []string{
		"c.hcl:3: Duplicate user",
		"c.hcl:4: Invalid subject",
		"c.hcl:5: Self-import",
		"c.hcl:6: Missing grant",
		"c.hcl:7: Wrong export kind",
		"c.hcl:9: Duplicate account",
		"c.hcl:11: warning: Grant for public export",
		"c.hcl:12: Reference to undeclared account",
	}
	if got := diagLines(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestImportDefaults checks how an import's subject and grant are chosen.
func TestImportDefaults(t *testing.T) {
	src := `account "A" {
  import "whole" { service = account.Exp.service.pub }
  import "byGrant" { service = account.Exp.service.priv }
}
account "B" {
  import "picked" {
    service = account.Exp.service.priv
    subject = "priv.b.x"
  }
}
grant "a" {
  service = account.Exp.service.priv
  to      = account.A
}
grant "b1" {
  service = account.Exp.service.priv
  to      = account.B
  subject = "priv.a.>"
}
grant "b2" {
  service = account.Exp.service.priv
  to      = account.B
  subject = "priv.b.>"
}
`
	cfg, diags := loadCase(src, true)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diagLines(diags))
	}
	check := func(acct, imp, subject, grant string) {
		t.Helper()
		for _, i := range cfg.Account(acct).Imports {
			if i.Name == imp && (i.Subject != subject || i.Grant != grant) {
				t.Errorf("%s: subject %q grant %q, want %q %q", i.Address(), i.Subject, i.Grant, subject, grant)
			}
		}
	}
	check("A", "whole", "pub.>", "")
	check("A", "byGrant", "priv.*.>", "a")
	check("B", "picked", "priv.b.x", "b2")
	if cfg.Grants[0].Subject != "priv.*.>" {
		t.Errorf("grant a subject = %q, want the export's subject", cfg.Grants[0].Subject)
	}
}
