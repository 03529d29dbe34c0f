package main

import (
	"fmt"
	"maps"
	"slices"

	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// cmdExport writes the state as an nsc store, the way back from adopt:
// the operator, account and user JWTs in nsc's layout under -nsc, and the
// seeds of every key the state names under -keys (as export-keys does),
// so that nsc's own commands work on the result. It writes only a state
// that verifies, and never overwrites an nsc store.
func cmdExport(c *cli, args []string) int {
	fs := c.flags("export")
	ws := c.workspace(fs)
	nsc := fs.String("nsc", "", "nsc's stores directory to write the operator's folder into (required)")
	keys := fs.String("keys", "", "nsc's keys directory to copy the seeds into, in nsc's layout (required; NKEYS_PATH for nsc)")
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	if len(pos) != 0 || *nsc == "" || *keys == "" {
		c.errorf("usage: natsplan export -nsc=DIR -keys=DIR")
		return exitError
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	for _, dir := range []string{*nsc, *keys} {
		if err := checkExportDir(ws.guard(), c.path(dir)); err != nil {
			c.errorf("%v", err)
			return exitError
		}
	}
	if problems := trust.State(st); len(problems) > 0 {
		c.errorf("the state does not verify, so it is not exported (first: %s); run natsplan validate -state", problems[0])
		return exitError
	}
	tree := stateTree(st)
	if tree.Operator == "" {
		c.errorf("the state holds no operator: apply a configuration first")
		return exitError
	}
	ks, ok := ws.keystore()
	if !ok {
		return exitError
	}
	opDir, err := nscstore.Write(c.path(*nsc), tree)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	out, err := state.OpenKeystore(c.path(*keys))
	if err != nil {
		c.errorf("%v (the store was written to %s)", err, opDir)
		return exitError
	}
	named := stateKeys(st)
	for _, addr := range slices.Sorted(maps.Keys(named)) {
		if err := copyKey(ks, out, named[addr]); err != nil {
			c.errorf("%s: %v (the store was written to %s)", addr, err, opDir)
			return exitError
		}
	}
	fmt.Fprintf(c.stdout, "Wrote the nsc store %s (%d accounts, %d users) and %d keys to %s in nsc's layout.\n",
		opDir, len(tree.Accounts), len(tree.Users), len(named), *keys)
	fmt.Fprintf(c.stdout, "For nsc: nsc env -s %s; NKEYS_PATH=%s.\n", *nsc, *keys)
	return exitOK
}

// stateTree lists the state's JWTs for an nsc store. Grants need no file:
// nsc keeps an activation only inside the importer's JWT.
func stateTree(st *state.State) nscstore.Tree {
	var t nscstore.Tree
	for _, addr := range st.Addresses() {
		r := st.Resources[addr]
		switch r.Kind {
		case state.KindOperator:
			t.Operator = r.JWT
		case state.KindAccount:
			t.Accounts = append(t.Accounts, r.JWT)
		case state.KindUser:
			t.Users = append(t.Users, r.JWT)
		}
	}
	return t
}
