package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/natsplan/natsplan/adopt"
	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
)

// adoptFlags are the flags of natsplan adopt.
type adoptFlags struct {
	nsc, keys, operator, out string
	force, allowChanges      bool
	server, creds, opJWT     string // adopting from servers (adopt_live.go)
	defaultKeys              bool   // -keys not given: nsc's default, which may be missing
}

// cmdAdopt turns an nsc store into configuration, state and keystore, so
// that the first plan says "No changes.": nothing is re-signed and every
// creds file keeps working. It refuses to overwrite a project, writes
// nothing while the configuration cannot reproduce a claim (unless
// -allow-changes), and only reads the store and nsc's keys.
func cmdAdopt(c *cli, args []string) int {
	fs := c.flags("adopt")
	ws := c.workspace(fs)
	var f adoptFlags
	fs.StringVar(&f.nsc, "nsc", "", "nsc's stores directory (one folder per operator), or one operator's folder (required unless -server)")
	fs.StringVar(&f.keys, "keys", "", "nsc's keys directory (default: NKEYS_PATH, then ~/.local/share/nats/nsc/keys)")
	fs.StringVar(&f.operator, "operator", "", "the operator to adopt, when the store holds several")
	fs.StringVar(&f.out, "out", "adopted.hcl", "the configuration file to write")
	fs.BoolVar(&f.force, "force", false, "adopt although a state or *.hcl files exist (the state is replaced, keeping its lineage)")
	fs.BoolVar(&f.allowChanges, "allow-changes", false, "adopt although the configuration cannot reproduce some claims (the first plan then changes them)")
	fs.StringVar(&f.server, "server", "", "adopt the accounts the servers' resolvers hold (comma-separated URLs); users come from -nsc")
	fs.StringVar(&f.creds, "creds", "", "with -server: creds of a system account user (default: a user signed with the system account's key from -keys)")
	fs.StringVar(&f.opJWT, "operator-jwt", "", "with -server: the operator JWT, which servers do not hand out (default: the operator of -nsc)")
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	if len(pos) != 0 || f.nsc == "" && f.server == "" {
		c.errorf("usage: natsplan adopt -nsc=DIR [-keys=DIR] [-operator=NAME] [-out=adopted.hcl] [-force] [-allow-changes]\n" +
			"       natsplan adopt -server=URL[,URL] [-operator-jwt=FILE] [-creds=FILE] [-nsc=DIR] [-keys=DIR] ...")
		return exitError
	}
	if f.keys == "" {
		f.keys = nscstore.DefaultKeysDir()
		f.defaultKeys = true
	}
	if !f.force && !c.adoptTargetFree(ws, f.out) {
		return exitError
	}
	store, ok := c.adoptedStore(f)
	if !ok {
		return exitError
	}
	res, err := adopt.Convert(store, ws.now)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	if !c.reportFindings(res, f.allowChanges) {
		return exitError
	}
	lock, ok := ws.lock(context.Background(), "adopt")
	if !ok {
		return exitError
	}
	defer lock.Unlock()
	return c.writeAdopted(ws, f, res)
}

// adoptTargetFree refuses a working directory that already holds a
// project: a state, a *.hcl file or the file -out names.
func (c *cli) adoptTargetFree(ws *workspace, out string) bool {
	var taken []string
	if ws.remoteState() {
		if st, ok := ws.state(); !ok || st.Lineage != "" {
			taken = append(taken, ws.stateName())
		}
	} else if _, err := os.Lstat(c.path(ws.statePath)); err == nil {
		taken = append(taken, ws.statePath)
	}
	hcl, _ := filepath.Glob(filepath.Join(c.dir, "*.hcl"))
	for _, h := range hcl {
		taken = append(taken, filepath.Base(h))
	}
	if _, err := os.Lstat(c.path(out)); err == nil && filepath.Ext(out) != ".hcl" {
		taken = append(taken, out)
	}
	if len(taken) == 0 {
		return true
	}
	sort.Strings(taken)
	c.errorf("%s already holds a project (%v); adopt writes a new configuration and state and would replace it. "+
		"Run adopt in an empty directory (-chdir=DIR), or add -force to replace them. Nothing was written.", c.dir, taken)
	return false
}

// reportFindings prints what the configuration cannot reproduce and the
// notes; it returns false when adopt must stop.
func (c *cli) reportFindings(res *adopt.Result, allow bool) bool {
	for _, n := range res.Notes {
		fmt.Fprintf(c.stderr, "Warning: %s\n", n)
	}
	if len(res.Findings) == 0 {
		return true
	}
	word := "Error"
	if allow {
		word = "Warning"
	}
	fmt.Fprintf(c.stderr, "%s: the configuration cannot express %d claim(s) of the nsc store; the first plan would change them:\n", word, len(res.Findings))
	for _, f := range res.Findings {
		fmt.Fprintf(c.stderr, "  %s\n", f)
	}
	if !allow {
		fmt.Fprintln(c.stderr, "Nothing was written. Run adopt again with -allow-changes to adopt anyway; the first plan then shows these changes.")
	}
	return allow
}

// writeAdopted copies the seeds, then writes the configuration and, last,
// the state: keys are on disk before any state names them.
func (c *cli) writeAdopted(ws *workspace, f adoptFlags, res *adopt.Result) int {
	keysDir := c.path(f.keys)
	st, ok := adoptedState(ws, res.State)
	if !ok {
		return exitError
	}
	copied, missing, ok := c.copySeeds(ws, keysDir, !f.defaultKeys, res.Keys)
	if !ok {
		return exitError
	}
	if err := os.WriteFile(c.path(f.out), res.Config, 0o644); err != nil {
		c.errorf("writing the configuration: %v", err)
		return exitError
	}
	if err := ws.store.Write(st); err != nil { // the lock opened it
		c.errorf("%v", err)
		return exitError
	}
	c.warnOtherConfig(f.out)
	for _, k := range missing {
		fmt.Fprintf(c.stderr, "Warning: no seed for %s (%s) in %s: natsplan manages it but cannot sign for it, so apply refuses any change that needs that key.\n",
			k.Address, k.PublicKey, keysDir)
	}
	if len(missing) > 0 {
		fmt.Fprintf(c.stderr, "Run natsplan plan -check-keys before each apply: it names every change that needs one of these %d key(s) (plan warns of them too).\n", len(missing))
	}
	fmt.Fprintf(c.stdout, "Adopted %d entities from %s.\n", len(st.Resources), f.source())
	fmt.Fprintf(c.stdout, "Wrote %s and %s; copied %d of %d seeds into %s.\n", f.out, ws.stateName(), copied, len(res.Keys), ws.keystoreDir)
	if len(res.Findings) == 0 {
		fmt.Fprintln(c.stdout, "The configuration reproduces every claim: natsplan plan says \"No changes.\"")
	}
	return exitOK
}

// adoptedState is the state to write: the adopted resources under the
// lineage and serial of a state being replaced (-force), so that saved
// plans of the old one are stale and the old file is kept as the backup.
func adoptedState(ws *workspace, adopted *state.State) (*state.State, bool) {
	old, ok := ws.state()
	if !ok {
		return nil, false
	}
	if old.Lineage != "" {
		adopted.Lineage, adopted.Serial = old.Lineage, old.Serial
	}
	return adopted, true
}

// copySeeds copies every seed there is into natsplan's keystore. A keys
// directory named with -keys must exist; nsc's default may not.
func (c *cli) copySeeds(ws *workspace, dir string, named bool, keys []adopt.Key) (int, []adopt.Key, bool) {
	from, err := nscstore.OpenKeys(dir)
	if errors.Is(err, fs.ErrNotExist) && !named {
		return 0, keys, true
	}
	if err != nil {
		c.errorf("%v", err)
		return 0, nil, false
	}
	// A keystore this run creates goes again if copying fails, so that a
	// refused adopt leaves the directory as it found it.
	created := firstMissing(c.path(ws.keystoreDir))
	to, ok := ws.keystore()
	if !ok {
		return 0, nil, false
	}
	copied, missing, err := adopt.CopySeeds(from, to, keys)
	if err != nil {
		if created != "" {
			os.RemoveAll(created)
		}
		c.errorf("copying seeds from %s: %v (nothing was written)", dir, err)
		return 0, nil, false
	}
	return copied, missing, true
}

// firstMissing is the outermost directory of path that does not exist
// yet (what creating path would create), or "" when path exists.
func firstMissing(path string) string {
	missing := ""
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil {
			return missing
		}
		missing = p
		if filepath.Dir(p) == p {
			return missing
		}
	}
}

// warnOtherConfig names the *.hcl files besides out (-force kept them):
// every plan loads them with the adopted configuration.
func (c *cli) warnOtherConfig(out string) {
	files, _ := filepath.Glob(filepath.Join(c.dir, "*.hcl"))
	for _, f := range files {
		if filepath.Clean(f) != filepath.Clean(c.path(out)) {
			fmt.Fprintf(c.stderr, "Warning: %s is read with %s by every plan; remove it if it declares what %s does.\n",
				filepath.Base(f), out, out)
		}
	}
}
