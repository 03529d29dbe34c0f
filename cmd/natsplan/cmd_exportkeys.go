package main

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	"github.com/natsplan/natsplan/safefile"
	"github.com/natsplan/natsplan/state"
)

// cmdExportKeys copies the seeds of every key the state names into a
// keystore in nsc's layout (DIR/keys/<kind>/<2 chars>/<key>.nk), for nsc
// (NKEYS_PATH=DIR) or any tool that reads that layout. natsplan itself
// keeps the keys it creates in packs, one file per apply, which nsc
// cannot read. Keys already in DIR are left as they are; a different seed
// under the same public key is an error and is never overwritten.
func cmdExportKeys(c *cli, args []string) int {
	fs := c.flags("export-keys")
	ws := c.workspace(fs)
	nsc := fs.String("nsc", "", "directory to write the keys to, in nsc's layout (required)")
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	if *nsc == "" {
		c.errorf("usage: natsplan export-keys -nsc DIR")
		return exitError
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	ks, ok := ws.keystore()
	if !ok {
		return exitError
	}
	if err := checkExportDir(ws.guard(), c.path(*nsc)); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	out, err := state.OpenKeystore(c.path(*nsc))
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	keys := stateKeys(st)
	for _, addr := range slices.Sorted(maps.Keys(keys)) {
		if err := copyKey(ks, out, keys[addr]); err != nil {
			c.errorf("%s: %v", addr, err)
			return exitError
		}
	}
	fmt.Fprintf(c.stdout, "Exported %d keys to %s in nsc's layout (use NKEYS_PATH=%s with nsc).\n", len(keys), *nsc, *nsc)
	return exitOK
}

// checkExportDir refuses an export directory whose files would land in
// the keystore or on the state: the directory itself and what OpenKeystore
// and Put create in it. (-nsc .natsplan would put nsc's keys/ directory
// exactly where the keystore is.)
func checkExportDir(g *safefile.Guard, dir string) error {
	for _, p := range []string{dir, filepath.Join(dir, "keys"), filepath.Join(dir, "packs"), filepath.Join(dir, ".gitignore")} {
		if err := g.Check(p); err != nil {
			return err
		}
	}
	return nil
}

// stateKeys maps the address of every key the state names to the key:
// operators, accounts, users and their signing keys.
func stateKeys(st *state.State) map[string]string {
	keys := map[string]string{}
	for addr, r := range st.Resources {
		if r.Kind != state.KindGrant && r.PublicKey != "" {
			keys[addr] = r.PublicKey
		}
		for name, key := range r.SigningKeys {
			keys[addr+".signing_key."+name] = key
		}
	}
	return keys
}

// copyKey reads the seed of pub from one keystore and stores it in the
// other, where Put checks it against any seed already there.
func copyKey(from, to *state.Keystore, pub string) error {
	kp, err := from.Get(pub)
	if err != nil {
		return err
	}
	defer kp.Wipe()
	return to.Put(kp)
}
