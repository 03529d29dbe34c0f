package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/natsplan/natsplan/internal/natstest"
)

// natsScripts are the scripts of testdata/script that TestScriptsOnNATS
// runs again with the state in a JetStream bucket. The others read or
// edit the state file itself. Lines only the file can run say [!kv].
// The scripts of testdata/natsscript run on a bucket only.
var natsScripts = []string{
	"claims", "detailed_exitcode", "export_keys", "keystore_permissions",
	"language", "regrant", "saved_plan", "saved_plan_file_input",
	"saved_plan_var_inputs", "update_in_place", "validate_state_missing",
}

// TestScriptsOnNATS runs natsScripts with NATSPLAN_STATE naming a bucket
// on an embedded JetStream server of their own, so that the same
// plan/apply/plan "No changes" and stale-plan checks hold on both
// backends.
func TestScriptsOnNATS(t *testing.T) {
	dir := t.TempDir()
	for _, name := range natsScripts {
		data, err := os.ReadFile(filepath.Join("testdata/script", name+".txtar"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".txtar"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	own, _ := filepath.Glob("testdata/natsscript/*.txtar")
	for _, path := range own {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := scriptParams()
	p.Dir = dir
	p.UpdateScripts = false // the file backend's run updates them
	p.Setup = func(env *testscript.Env) error {
		s := natstest.StartJetStream(env.T().(testing.TB), "")
		env.Setenv("NATSPLAN_STATE", s.ClientURL()+"/natsplan")
		env.Setenv("NATSPLAN_STATE_URL", s.ClientURL())
		return nil
	}
	p.Condition = func(cond string) (bool, error) { return cond == "kv", nil }
	testscript.Run(t, p)
}
