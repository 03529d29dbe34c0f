package lang

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// base is the operator and system account most feature tests start from.
const base = `operator "O" {
  system_account = account.SYS
}
account "SYS" {}
`

func mustLoad(t *testing.T, src string, opts LoadOptions) *Config {
	t.Helper()
	cfg, diags := LoadFiles(map[string][]byte{"main.hcl": []byte(base + src)}, opts)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics:\n  %s", diags.Error())
	}
	return cfg
}

func TestVariablePrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "vars.hcl")
	if err := os.WriteFile(file, []byte(`env = "file"`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := `variable "env" {
  type    = string
  default = "default"
}
account "A" { description = var.env }
`
	desc := func(vars *Vars) string {
		t.Helper()
		return mustLoad(t, src, LoadOptions{Vars: vars}).Account("A").Description
	}
	cases := []struct {
		name string
		vars func(v *Vars)
		want string
	}{
		{"default", func(v *Vars) {}, "default"},
		{"environment", func(v *Vars) { v.Env([]string{"NATSPLAN_VAR_env=env", "OTHER=x"}) }, "env"},
		{"file beats environment", func(v *Vars) { v.File(file); v.Env([]string{"NATSPLAN_VAR_env=env"}) }, "file"},
		{"flag after file wins", func(v *Vars) { v.File(file); _ = v.Flag("env=flag") }, "flag"},
		{"file after flag wins", func(v *Vars) { _ = v.Flag("env=flag"); v.File(file) }, "file"},
	}
	for _, c := range cases {
		v := &Vars{}
		c.vars(v)
		if got := desc(v); got != c.want {
			t.Errorf("%s: description = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestVariableTypesAndDigest(t *testing.T) {
	src := `variable "teams" {
  type = map(list(string))
}
account "team" {
  for_each = var.teams
  user "member" {
    for_each  = toset(each.value)
    allow_pub = ["${outer.key}.${each.key}"]
  }
}
`
	v := &Vars{}
	if err := v.Flag(`teams={a=["x","y"], b=["z"]}`); err != nil {
		t.Fatal(err)
	}
	cfg := mustLoad(t, src, LoadOptions{Vars: v})
	var got []string
	for _, a := range cfg.Accounts {
		for _, u := range a.Users {
			got = append(got, u.Address()+"="+u.ClaimName)
		}
	}
	want := []string{`account.team["a"].user.member["x"]=x`, `account.team["a"].user.member["y"]=y`,
		`account.team["b"].user.member["z"]=z`}
	if !slices.Equal(got, want) {
		t.Errorf("users:\n  %v\nwant\n  %v", got, want)
	}
	if p := cfg.Account(`team["b"]`).Users[0].Settings.Permissions.PubAllow; !slices.Equal(p, []string{"b.z"}) {
		t.Errorf("outer.key and each.key give %v, want [b.z]", p)
	}
	other := &Vars{}
	_ = other.Flag(`teams={a=["x"]}`)
	if mustLoad(t, src, LoadOptions{Vars: other}).Digest == cfg.Digest {
		t.Error("the digest does not change with a variable's value")
	}
}

func TestVariableErrors(t *testing.T) {
	src := base + `variable "n" { type = number }
account "A" { description = "n is ${var.n}" }
`
	v := &Vars{}
	_ = v.Flag("n=not-a-number")
	_ = v.Flag("typo=1")
	_, diags := LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, LoadOptions{Vars: v})
	want := []string{"Invalid value for variable", "Value for undeclared variable"}
	if got := summaries(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics %v, want %v (and nothing about the template that uses var.n)", got, want)
	}
	_, diags = LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, LoadOptions{})
	if got := diagLines(diags); !slices.Equal(got, []string{"main.hcl:5: No value for required variable"}) {
		t.Errorf("diagnostics %v", got)
	}
}

func TestLocals(t *testing.T) {
	cfg := mustLoad(t, `locals {
  names  = toset([for i in range(3) : "svc${i}"])
  prefix = "${local.env}.orders"
}
locals {
  env   = "prod"
  c_key = account.C.public_key
}
account "C" {}
account "A" {
  service "s" {
    for_each = local.names
    subject  = "${local.prefix}.${each.key}.${local.c_key}"
  }
}
`, LoadOptions{})
	a := cfg.Account("A")
	if len(a.Exports) != 3 {
		t.Fatalf("%d exports, want 3", len(a.Exports))
	}
	want := "prod.orders.svc0." + PendingKey("account.C")
	if e := a.Export(`s["svc0"]`); e == nil || e.Subject != want {
		t.Errorf("export s[\"svc0\"] = %+v, want subject %q", e, want)
	}
}

func TestLocalCycle(t *testing.T) {
	_, diags := LoadFiles(map[string][]byte{"main.hcl": []byte(base + `locals {
  a = local.b
  b = local.a
  c = local.nope
}
`)}, LoadOptions{})
	got := diagLines(diags)
	want := []string{"main.hcl:6: Cannot evaluate local value", "main.hcl:7: Cannot evaluate local value",
		"main.hcl:8: Cannot evaluate local value"}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics %v, want %v", got, want)
	}
	if !strings.Contains(diags[2].Detail, "local.nope, which is not declared") {
		t.Errorf("detail %q", diags[2].Detail)
	}
}

func TestForEachReferences(t *testing.T) {
	cfg := mustLoad(t, `variable "teams" {
  default = { a = "alpha", b = "beta" }
}
account "core" {
  service "help" {
    subject = "help.>"
    private = true
  }
}
account "team" {
  for_each    = var.teams
  description = each.value
  import "help" { service = account.core.service.help }
}
grant "help" {
  for_each = var.teams
  service  = account.core.service.help
  to       = account.team[each.key]
  subject  = "help.${each.key}"
}
`, LoadOptions{})
	b := cfg.Account(`team["b"]`)
	if b == nil || b.Description != "beta" || b.ClaimName != "b" {
		t.Fatalf("team[\"b\"] = %+v", b)
	}
	if imp := b.Imports[0]; imp.Grant != `help["b"]` || imp.Subject != "help.b" {
		t.Errorf("team[\"b\"] imports with grant %q subject %q", imp.Grant, imp.Subject)
	}
	if g := cfg.Grants[0]; g.To != `team["a"]` || g.Address() != `grant.help["a"]` {
		t.Errorf("grant %s to %q", g.Address(), g.To)
	}
}

func TestForEachErrors(t *testing.T) {
	src := base + `account "a" { for_each = ["x"] }
account "b" { for_each = toset(["ok", "not ok"]) }
account "c" { for_each = toset([account.SYS.public_key]) }
`
	_, diags := LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, LoadOptions{})
	want := []string{"main.hcl:5: Invalid for_each argument", "main.hcl:6: Invalid for_each argument",
		"main.hcl:7: Invalid for_each argument"}
	if got := diagLines(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics %v, want %v", got, want)
	}
	for i, phrase := range []string{"toset", `"not ok"`, "cannot refer to"} {
		if !strings.Contains(diags[i].Detail, phrase) {
			t.Errorf("diagnostic %d: %q lacks %q", i, diags[i].Detail, phrase)
		}
	}
}

func TestMovedBlocks(t *testing.T) {
	cfg := mustLoad(t, `account "New" {
  user "u2" {}
}
account "team" {
  for_each = toset(["a"])
}
moved {
  from = account.Old
  to   = account.New
}
moved {
  from = account.New.user.u
  to   = account.New.user.u2
}
moved {
  from = account.single
  to   = account.team["a"]
}
`, LoadOptions{})
	var got []string
	for _, m := range cfg.Moves {
		got = append(got, m.From+" -> "+m.To)
	}
	want := []string{"account.Old -> account.New", "account.New.user.u -> account.New.user.u2",
		`account.single -> account.team["a"]`}
	if !slices.Equal(got, want) {
		t.Errorf("moves %v, want %v", got, want)
	}
	if old, ok := MovedFrom(cfg.Moves, "account.New.user.u2"); !ok || old != "account.Old.user.u" {
		t.Errorf("MovedFrom(account.New.user.u2) = %q, %v", old, ok)
	}
}

func TestLifecycleDefaults(t *testing.T) {
	cfg := mustLoad(t, `account "A" {
  user "u" {
    lifecycle { prevent_destroy = true }
  }
}
account "B" {}
`, LoadOptions{})
	checks := map[string]bool{
		"operator":   cfg.Operator.PreventDestroy,
		"system":     cfg.Account("SYS").PreventDestroy,
		"account A":  !cfg.Account("A").PreventDestroy,
		"user A.u":   cfg.Account("A").Users[0].PreventDestroy,
		"account B ": !cfg.Account("B").PreventDestroy,
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("%s: wrong prevent_destroy", what)
		}
	}
}

func TestFileFunction(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "desc.txt"), []byte("from a file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := mustLoad(t, `account "A" { description = chomp(file("desc.txt")) }`, LoadOptions{Dir: dir})
	if got := cfg.Account("A").Description; got != "from a file" {
		t.Errorf("description %q", got)
	}
}

func summaries(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary)
	}
	return out
}
