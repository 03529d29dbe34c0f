package expect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTests(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, Dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadReadsExpectations(t *testing.T) {
	dir := writeTests(t, map[string]string{"a.test.hcl": `
expect "one" {
  user    = account.team["x"].user.dev["a"]
  request = "help"
  to      = account.Svc
  allowed = false
}
`, "ignored.hcl": `not = "a test file"`})
	exps, _, diags := Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(exps) != 1 {
		t.Fatalf("got %d expectations, want 1", len(exps))
	}
	e := exps[0]
	if e.User != `account.team["x"].user.dev["a"]` || e.Op != "request" || e.Subject != "help" ||
		e.Account != "account.Svc" || e.Allowed || e.Range.Start.Line != 2 || e.Range.Filename != "tests/a.test.hcl" {
		t.Errorf("decoded %+v", e)
	}
}

// Every problem of a test file is reported, each with its place.
func TestLoadReportsEveryProblem(t *testing.T) {
	dir := writeTests(t, map[string]string{"b.test.hcl": `
expect "dup" {
  user    = account.A.user.u
  publish = "x"
  allowed = true
}
expect "dup" {
  user    = account.A.user.u
  publish = "x"
  allowed = true
}
expect "two" {
  user      = account.A.user.u
  publish   = "x"
  subscribe = "y"
  allowed   = true
}
expect "misplaced" {
  user    = account.A.user.u
  publish = "x"
  to      = account.B
  allowed = true
}
expect "none" {
  user    = account.A.user.u
  allowed = "yes"
}
expect "notref" {
  user    = "account.A.user.u"
  publish = "x"
  allowed = true
}
`})
	_, _, diags := Load(dir)
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary+" @"+d.Subject.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"Duplicate expectation @tests/b.test.hcl:7", "One question per expectation @tests/b.test.hcl:14",
		"Misplaced to @tests/b.test.hcl:21", "Missing question @tests/b.test.hcl:24", "Invalid allowed @tests/b.test.hcl:26",
		"Invalid reference @tests/b.test.hcl:29"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
}
