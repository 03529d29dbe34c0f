package main

import (
	"errors"
	"flag"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/apply"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/safefile"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
	"github.com/natsplan/natsplan/view"
)

// Defaults for where natsplan keeps things, relative to the working
// directory. The state holds public keys and JWTs only and is meant to be
// committed; the keystore holds seeds and gets a .gitignore of its own.
const (
	defaultStatePath = "natsplan.state.json"
	defaultKeystore  = ".natsplan/keys"
)

// workspace holds the settings shared by commands that read state.
type workspace struct {
	c           *cli
	statePath   string
	remote      remoteFlags   // of a state in a JetStream bucket
	store       state.Backend // opened by backend()
	keystoreDir string
	lockTimeout time.Duration
	noColor     bool

	// vars are the -var and -var-file values of commands that load the
	// configuration (see varFlags); now is the one time a command plans
	// at, so that apply's re-plan computes the same expiries.
	vars *lang.Vars
	now  time.Time

	// pending is the configuration being loaded while the state is read
	// (prefetch.go), nil unless the command asked for it.
	pending *configLoad

	// keyMaker, when set, makes the keys of new entities as the
	// configuration is loaded (apply without a saved plan).
	keyMaker *apply.KeyMaker

	// targets are the -target addresses (target.go); leftOut counts the
	// changes the targeted plan leaves for later.
	targets []string
	leftOut int
	// replace are the -replace addresses (target.go).
	replace []string

	keys custodyFlags // -signer, -keystore-age-* (custody.go)
}

func (c *cli) workspace(fs *flag.FlagSet) *workspace {
	ws := &workspace{c: c, now: time.Now()}
	ws.stateFlags(fs)
	fs.StringVar(&ws.keystoreDir, "keystore", envOr("NATSPLAN_KEYSTORE", defaultKeystore), "directory of nkey seeds (env NATSPLAN_KEYSTORE)")
	fs.DurationVar(&ws.lockTimeout, "lock-timeout", 0, "how long to wait for the state lock")
	fs.BoolVar(&ws.noColor, "no-color", false, "plain output")
	ws.addCustodyFlags(fs)
	return ws
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func (ws *workspace) color() bool { return !ws.noColor && colorOn(ws.c.stdout) }

func (ws *workspace) state() (*state.State, bool) { return ws.readState(state.Backend.Read) }

// planState reads the state for a command that only plans: its JWTs stay
// in the file until the planner asks for one (state.ReadLazy), which a
// plan with no changes never does. Such a state cannot be applied or
// written.
func (ws *workspace) planState() (*state.State, bool) { return ws.readState(state.Backend.ReadLazy) }

func (ws *workspace) readState(read func(state.Backend) (*state.State, error)) (*state.State, bool) {
	b, ok := ws.backend()
	if !ok {
		ws.pending.stateKnown(ws, nil)
		return nil, false
	}
	st, err := read(b)
	ws.pending.stateKnown(ws, st)
	if err != nil {
		var corrupt *state.CorruptError
		if errors.As(err, &corrupt) {
			ws.c.errorf("%v", err)
			return nil, false
		}
		ws.c.errorf("reading state: %v", err)
		return nil, false
	}
	return st, true
}

func (ws *workspace) keystore() (*state.Keystore, bool) {
	ks, err := state.OpenKeystore(ws.c.path(ws.keystoreDir))
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	return ks, ws.sealKeystore(ks) // custody.go
}

// load reads the configuration with the given keys and prints its
// diagnostics; ok is false when there were errors.
func (ws *workspace) load(keys func(string) (string, bool)) (*lang.Config, bool) {
	cfg, diags := ws.loadConfig(keys)
	ws.diagnostics(cfg, diags)
	return cfg, !diags.HasErrors()
}

// loadConfig reads the configuration with the given keys and checks where
// its token files would be written.
func (ws *workspace) loadConfig(keys func(string) (string, bool)) (*lang.Config, hcl.Diagnostics) {
	cfg, diags := lang.Load(ws.c.dir, ws.loadOptions(keys))
	return cfg, append(diags, lang.CheckTokenFiles(cfg, ws.tokenGuard(cfg).Check)...)
}

// guard refuses files written on request (creds -o, plan -out,
// export-keys) that are, or lead to, this workspace's state or keystore.
func (ws *workspace) guard() *safefile.Guard {
	return safefile.NewGuard(ws.c.path(ws.statePath), ws.c.path(ws.keystoreDir))
}

// tokenGuard is guard for the token files of cfg, which must also stay
// inside the configuration directory and off the files cfg was read from.
func (ws *workspace) tokenGuard(cfg *lang.Config) *safefile.Guard {
	return tokenGuard(ws.guard(), ws.c.dir, cfg)
}

func tokenGuard(g *safefile.Guard, dir string, cfg *lang.Config) *safefile.Guard {
	g = g.Within(dir)
	if cfg != nil {
		g = g.Protect("a configuration file", slices.Collect(maps.Keys(cfg.Sources))...)
	}
	return g
}

// loadOptions are the options every load of the configuration uses.
func (ws *workspace) loadOptions(keys func(string) (string, bool)) lang.LoadOptions {
	opts := lang.LoadOptions{Keys: keys, Vars: ws.vars}
	if ws.keyMaker != nil {
		opts.NewKeys = ws.keyMaker.Make
	}
	return opts
}

func (ws *workspace) diagnostics(cfg *lang.Config, diags hcl.Diagnostics) {
	if len(diags) == 0 {
		return
	}
	view.Diagnostics(ws.c.stderr, cfg.DiagnosticFiles(diags), diags, ws.color())
}

// plan loads config and state and plans; it prints diagnostics.
func (ws *workspace) plan(st *state.State) (*planner.Plan, *lang.Config, bool) {
	p, cfg, diags := ws.check(st)
	if !diags.HasErrors() {
		p, diags = ws.target(p, diags)
	}
	ws.diagnostics(cfg, diags)
	return p, cfg, !diags.HasErrors()
}

// readTokenFile reads a token file for the planner to compare with the
// state: a regular file only, and no more than a token's worth of it.
func readTokenFile(path string) ([]byte, error) { return safefile.ReadSmall(path, 64<<10) }

// check loads the configuration with the keys of st and plans it, and
// returns every finding. It is what plan and validate both run, so that a
// configuration that plans validates, and the reverse: validate once
// loaded without the state's keys, and refused an activation token for
// an account the state holds, as not created yet.
func (ws *workspace) check(st *state.State) (*planner.Plan, *lang.Config, hcl.Diagnostics) {
	cfg, diags := ws.loadFor(st)
	if diags.HasErrors() {
		return nil, cfg, diags
	}
	collectAfterLoading()
	trust.DistrustForeignDigests(st) // another version's digests vouch for nothing
	p, more := planner.New(cfg, st, nil, ws.planOptions()...)
	diags = append(diags, more...)
	if !diags.HasErrors() {
		diags = append(diags, planner.PendingTokenFiles(p, cfg, st, readTokenFile)...)
	}
	return p, cfg, diags
}

// replanner lets apply re-plan once the new keys exist, when a key could
// not be made before planning (apply.KeyMaker). It evaluates the *.hcl
// sources cfg was read from, not the files as they are now; the files
// file() and -var-file read are read again, and apply compares the claims
// of every change with those planned (SignedDigest), so a file changed
// meanwhile is refused, not signed.
func (ws *workspace) replanner(st *state.State, cfg *lang.Config) apply.Replanner {
	return func(keys func(string) (string, bool)) (*planner.Plan, hcl.Diagnostics) {
		again, diags := lang.LoadFiles(cfg.ConfigSources(), lang.LoadOptions{Keys: keys, Vars: ws.vars, Dir: ws.c.dir})
		if diags.HasErrors() {
			return nil, diags
		}
		p, more := planner.New(again, st, keys, ws.planOptions(planner.WithoutDiffs())...)
		diags = append(diags, more...)
		if diags.HasErrors() {
			return p, diags
		}
		return ws.target(p, diags) // the same changes as the plan shown

	}
}
