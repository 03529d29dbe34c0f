package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// Config keeps sources, not syntax trees: DiagnosticFiles parses again,
// for printing, exactly the files diagnostics point into, configuration
// (with the "in account" context line) and variable files (HCL or JSON).
func TestDiagnosticFilesParseWhatDiagnosticsNeed(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("a.hcl", "operator \"O\" {\n  system_account = account.SYS\n}\naccount \"SYS\" {}\n")
	write("b.hcl", "account \"A\" {\n  user \"u\" {\n    bogus = 1\n  }\n}\n")
	write("c.hcl", "account \"C\" {}\n")
	hclVars := write("vars.hcl.txt", "unknown_hcl = 1\n")
	jsonVars := write("vars.json", `{"unknown_json": 2}`)
	vars := &Vars{}
	vars.File(hclVars)
	vars.File(jsonVars)
	cfg, diags := Load(dir, LoadOptions{Vars: vars})
	if len(diags) != 3 {
		t.Fatalf("diagnostics: %v", diagLines(diags))
	}
	files := cfg.DiagnosticFiles(diags)
	for _, name := range []string{filepath.Join(dir, "b.hcl"), hclVars, jsonVars} {
		if files[name] == nil {
			t.Errorf("no file for %s among %d", name, len(files))
		}
	}
	if len(files) != 3 {
		t.Errorf("%d files parsed, want the 3 the diagnostics name", len(files))
	}
	var out bytes.Buffer
	if err := hcl.NewDiagnosticTextWriter(&out, files, 100, false).WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`on ` + filepath.Join(dir, "b.hcl") + ` line 3, in account "A":`, "3:     bogus = 1",
		"1: unknown_hcl = 1", `1: {"unknown_json": 2}`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if got := (*Config)(nil).DiagnosticFiles(diags); len(got) != 0 {
		t.Errorf("a nil Config gave %d files", len(got))
	}
}
