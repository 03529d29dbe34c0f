package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this test binary as the natsplan command.
func TestMain(m *testing.M) {
	cmds := map[string]func() int{
		"natsplan": func() int { return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) },
	}
	for name, f := range signerCommands {
		cmds[name] = f
	}
	os.Exit(testscript.RunMain(m, cmds))
}

// TestScripts runs testdata/script/*.txtar: config, commands and expected
// output in one file each. UPDATE_GOLDEN=1 rewrites the expected output
// in place (review the diff before committing it).
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams())
}

// scriptParams are TestScripts' parameters; TestScriptsOnNATS runs
// scripts with them on the other backend. Condition kv is false here.
func scriptParams() testscript.Params {
	return testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: os.Getenv("UPDATE_GOLDEN") != "",
		Condition:     func(cond string) (bool, error) { return false, nil },
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"noseeds":         cmdNoSeeds,
			"snapshot":        cmdSnapshot,
			"holdlock":        cmdHoldLock,
			"releaselock":     cmdReleaseLock,
			"stateset":        cmdStateSet,
			"stateswap":       cmdStateSwap,
			"nscfixture":      cmdNscFixture,
			"movekey":         cmdMoveKey,
			"agekey":          cmdAgeKey,
			"noseedsanywhere": cmdNoSeedsAnywhere,
			"servestate":      cmdServeState,
		},
	}
}
