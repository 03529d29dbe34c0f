package lang

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// inputsConfig reads perms.json once per account of a for_each (accounts
// are evaluated on several cores) and takes a variable from outside.
func inputsConfig(accounts int) string {
	var keys []string
	for i := range accounts {
		keys = append(keys, fmt.Sprintf("%q", fmt.Sprintf("t%03d", i)))
	}
	return `variable "allow" {
  type = list(string)
}
variable "unused" {
  default = "x"
}
operator "O" { system_account = account.SYS }
account "SYS" {}
account "team" {
  for_each = toset([` + strings.Join(keys, ", ") + `])
  user "u" {
    allow_pub = concat(jsondecode(file("perms.json")), var.allow)
  }
}
`
}

func sha(b string) string {
	sum := sha256.Sum256([]byte(b))
	return hex.EncodeToString(sum[:])
}

// TestInputsRecorded: a load records, by digest, every file file() read
// (once, however many instances call it), every -var-file and every
// variable given from outside; not variables left at their default, nor
// environment entries for no variable.
func TestInputsRecorded(t *testing.T) {
	dir := t.TempDir()
	perms := `["a.>"]`
	writeTestFile(t, filepath.Join(dir, "perms.json"), perms)
	varFile := filepath.Join(dir, "pr.vars")
	writeTestFile(t, varFile, `allow = ["b"]`)

	var mu sync.Mutex
	reads := map[string]int{}
	readInput = func(path string) ([]byte, error) {
		mu.Lock()
		reads[path]++
		mu.Unlock()
		return os.ReadFile(path)
	}
	t.Cleanup(func() { readInput = os.ReadFile })

	vars := &Vars{}
	vars.Env([]string{EnvVarPrefix + "nothing=1"})
	vars.File(varFile)
	writeTestFile(t, filepath.Join(dir, "main.hcl"), inputsConfig(600))
	cfg, diags := Load(dir, LoadOptions{Vars: vars})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if n := reads[filepath.Join(dir, "perms.json")]; n != 1 || len(reads) != 1 {
		t.Fatalf("file() reads: %v, want perms.json once", reads)
	}
	if got := cfg.Accounts[len(cfg.Accounts)-1].Users[0].Settings.Permissions.PubAllow; strings.Join(got, ",") != "a.>,b" {
		t.Fatalf("allow_pub = %v", got)
	}
	want := []Input{
		{Kind: InputFile, Name: "perms.json", Digest: sha(perms)},
		{Kind: InputVarFile, Name: "pr.vars", Digest: sha(`allow = ["b"]`)},
		{Kind: InputVariable, Name: "allow"},
	}
	if len(cfg.Inputs) != len(want) {
		t.Fatalf("inputs %+v, want %+v", cfg.Inputs, want)
	}
	for i, w := range want {
		got := cfg.Inputs[i]
		if got.Kind != w.Kind || got.Name != w.Name || len(got.Digest) != 64 || (w.Digest != "" && got.Digest != w.Digest) {
			t.Errorf("input %d: %+v, want %+v", i, got, w)
		}
	}
	// The type is part of the digest: ["b"] as a list and as a set differ.
	if d := cfg.Inputs[2].Digest; d == sha(`["b"]`) {
		t.Errorf("the variable's digest is the bare value's: %s", d)
	}
}

// TestInputsFollowContent: another content of a file() input, another
// variable value, gives another digest; the same gives the same.
func TestInputsFollowContent(t *testing.T) {
	dir := t.TempDir()
	load := func(perms, allow string) []Input {
		t.Helper()
		writeTestFile(t, filepath.Join(dir, "perms.json"), perms)
		writeTestFile(t, filepath.Join(dir, "main.hcl"), inputsConfig(2))
		vars := &Vars{}
		if err := vars.Flag("allow=" + allow); err != nil {
			t.Fatal(err)
		}
		cfg, diags := Load(dir, LoadOptions{Vars: vars})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		return cfg.Inputs
	}
	base := load(`["a"]`, `["b"]`)
	same := load(`["a"]`, `["b"]`)
	file := load(`["a" ]`, `["b"]`)
	variable := load(`["a"]`, `["c"]`)
	if len(base) != 2 || base[0] != same[0] || base[1] != same[1] {
		t.Fatalf("same inputs read differently: %+v, %+v", base, same)
	}
	if file[0] == base[0] || file[1] != base[1] {
		t.Errorf("file() content changed: %+v, was %+v", file, base)
	}
	if variable[0] != base[0] || variable[1] == base[1] {
		t.Errorf("variable changed: %+v, was %+v", variable, base)
	}
}

// TestConfigSourcesLeaveOutVarFiles: loading again from ConfigSources
// (apply's re-plan) reads the *.hcl files, not the variable files as if
// they were configuration.
func TestConfigSourcesLeaveOutVarFiles(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "perms.json"), `[]`)
	writeTestFile(t, filepath.Join(dir, "main.hcl"), inputsConfig(1))
	varFile := filepath.Join(dir, "pr.vars")
	writeTestFile(t, varFile, `allow = ["b"]`)
	vars := &Vars{}
	vars.File(varFile)
	cfg, diags := Load(dir, LoadOptions{Vars: vars})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if _, ok := cfg.Sources[varFile]; !ok {
		t.Fatal("the variable file is not in Sources; the test proves nothing")
	}
	src := cfg.ConfigSources()
	if _, ok := src[varFile]; ok || len(src) != 1 {
		t.Fatalf("ConfigSources: %d files, variable file included: %v", len(src), ok)
	}
	again, diags := LoadFiles(src, LoadOptions{Vars: vars, Dir: dir})
	if diags.HasErrors() || again.Digest != cfg.Digest {
		t.Fatalf("loading again: %v; digest %s, was %s", diags, again.Digest, cfg.Digest)
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
