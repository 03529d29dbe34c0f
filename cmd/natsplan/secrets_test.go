package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoSeedLeaves runs every command on the example and scans all output
// and every file written outside the keystore for anything shaped like a
// seed. The creds command is the one deliberate exception: a creds file is
// a seed plus a JWT, so it is only written with -o, at mode 0600, and is
// checked for that instead.
func TestNoSeedLeaves(t *testing.T) {
	dir := workdir(t, "services")
	var outputs []string
	runAll := func(want int, args ...string) {
		code, out, errs := natsplan(t, dir, args...)
		if code != want {
			t.Fatalf("natsplan %s: exit %d want %d\n%s%s", strings.Join(args, " "), code, want, out, errs)
		}
		outputs = append(outputs, out, errs)
	}
	runAll(exitOK, "validate")
	runAll(exitOK, "validate", "-json")
	runAll(exitOK, "fmt", "-check")
	runAll(exitOK, "plan", "-out=saved.plan")
	runAll(exitOK, "plan", "-json")
	runAll(exitOK, "apply", "saved.plan")
	editConfig(t, dir, `user "userb" {}`, "")
	runAll(exitOK, "apply", "-auto-approve")
	runAll(exitOK, "plan", "-detailed-exitcode")
	runAll(exitOK, "validate", "-state")
	runAll(exitOK, "show")
	runAll(exitOK, "show", "-json")
	runAll(exitOK, "server-config")
	runAll(exitOK, "server-config", "-resolver=full")
	runAll(exitOK, "creds", "AccountC", "userc", "-o", "userc.creds")
	runAll(exitError, "creds", "AccountB", "userb") // removed: must fail without a seed
	runAll(exitError, "creds", "Nobody", "nobody")

	for i, out := range outputs {
		if seedPattern.MatchString(out) {
			t.Errorf("command output %d holds a seed:\n%s", i, out)
		}
	}
	scanned := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".natsplan" {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Base(path) == "userc.creds" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scanned++
		if seedPattern.Match(b) {
			t.Errorf("%s holds a seed", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// state, its backup, the saved plan and the config at least.
	if scanned < 4 {
		t.Fatalf("scanned only %d files", scanned)
	}
	for _, f := range []string{"natsplan.state.json", "natsplan.state.json.backup", "saved.plan"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("expected %s to be written and scanned: %v", f, err)
		}
	}
	st, err := os.Stat(filepath.Join(dir, "userc.creds"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("creds file: %v, mode %v, want 0600", err, st.Mode().Perm())
	}
	b, _ := os.ReadFile(filepath.Join(dir, "userc.creds"))
	if !seedPattern.Match(b) {
		t.Fatal("the creds file holds no seed; the scan pattern would not have found one either")
	}
}

// TestKeystorePermissions checks the files apply writes: key packs 0600
// in directories 0700, holding one seed per new entity.
func TestKeystorePermissions(t *testing.T) {
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	keys := 0
	err := filepath.WalkDir(filepath.Join(dir, defaultKeystore), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir() && info.Mode().Perm() != 0o700:
			t.Errorf("%s: mode %v, want 0700", path, info.Mode().Perm())
		case !d.IsDir() && strings.HasSuffix(path, ".keys"):
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			keys += strings.Count(string(data), "\n") - 1 // less the header line
			if info.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v, want 0600", path, info.Mode().Perm())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if keys != 8 {
		t.Fatalf("found %d seeds in key packs, want 8 (operator, 4 accounts, 3 users)", keys)
	}
}
