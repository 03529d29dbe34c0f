package main

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/safefile"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/view"
)

// cmdValidate checks the configuration without state or keys: every
// finding of lang and of jwt/v2's validation of the claims it would build.
// With -state it also verifies every JWT in the state (validate_state.go).
func cmdValidate(c *cli, args []string) int {
	fs := c.flags("validate")
	asJSON := fs.Bool("json", false, "machine-readable output")
	noColor := fs.Bool("no-color", false, "plain output")
	vars := c.varFlags(fs)
	withState := newStateCheck(fs)
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	cfg, diags := lang.Load(c.dir, lang.LoadOptions{Vars: vars})
	diags = append(diags, lang.CheckTokenFiles(cfg, validateGuard(c, withState.path, cfg).Check)...)
	if !diags.HasErrors() {
		_, more := planner.New(cfg, state.New(), nil)
		diags = append(diags, more...)
	}
	verified := 0
	if withState.path != "" {
		var more hcl.Diagnostics
		more, verified = withState.verify(c)
		diags = append(diags, more...)
	}
	if *asJSON {
		if err := view.DiagnosticsJSON(c.stdout, diags); err != nil {
			c.errorf("%v", err)
		}
		return exitCode(diags)
	}
	view.Diagnostics(c.stderr, cfg.DiagnosticFiles(diags), diags, !*noColor && colorOn(c.stderr))
	if !diags.HasErrors() {
		fmt.Fprintln(c.stdout, "Success! The configuration is valid.")
		if withState.path != "" {
			fmt.Fprintf(c.stdout, "The state's %d JWTs verify.\n", verified)
		}
	}
	return exitCode(diags)
}

func exitCode(diags hcl.Diagnostics) int {
	if diags.HasErrors() {
		return exitError
	}
	return exitOK
}

// validateGuard is the workspace's token-file guard for validate, which
// takes no -keystore flag: the state named by -state (or the default) and
// the keystore of the environment (or the default).
func validateGuard(c *cli, statePath string, cfg *lang.Config) *safefile.Guard {
	if statePath == "" {
		statePath = envOr("NATSPLAN_STATE", defaultStatePath)
	}
	ks := envOr("NATSPLAN_KEYSTORE", defaultKeystore)
	return tokenGuard(safefile.NewGuard(c.path(statePath), c.path(ks)), c.dir, cfg)
}
