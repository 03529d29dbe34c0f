package main

import (
	"fmt"
	"io"
	"os"

	"github.com/natsplan/natsplan/apply"
	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// warnMissingKeys says, in a plan made without -check-keys, which of its
// changes need a key the workspace's keystore lacks, so that the plan a
// reviewer reads shows what apply would refuse (after adopting an nsc
// store whose keys lacked a seed, say). Plan stays pure: the keystore is
// only looked up by public key (a key file's presence, the packs'
// index), never created or opened for writing, and no seed is kept. A
// plan without a keystore directory (a pull-request job) or with -signer
// says nothing here: only -check-keys may start a signer.
func warnMissingKeys(ws *workspace, p *planner.Plan, text bool) {
	if len(p.Changes) == 0 || ws.keys.signer != "" {
		return
	}
	root := ws.c.path(ws.keystoreDir)
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return
	}
	keys := custody.FromKeystore(&state.Keystore{Root: root})
	missing := apply.MissingSigners(p, keys)
	if len(missing) == 0 {
		return
	}
	var out io.Writer = ws.c.stderr
	if text {
		out = ws.c.stdout // beside the changes, in the text a reviewer reads
	}
	fmt.Fprintf(out, "\n%v\n", trust.Error("Warning: apply would refuse this plan: keys that sign what it changes are not in the keystore ("+ws.keystoreDir+"):",
		missing, "Bring each key named into the keystore, or change the configuration so that a key at hand signs; plan -check-keys makes this an error and checks -signer too."))
}
