package main

import (
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdAgeKey is the testscript command `agekey FILE NAME`: it makes an age
// identity, writes it to FILE (0600), and sets $NAME to its recipient and
// $NAME_IDENTITY to the identity itself.
func cmdAgeKey(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: agekey FILE NAME")
	}
	id, err := age.GenerateX25519Identity()
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("# test identity\n"+id.String()+"\n"), 0o600))
	ts.Setenv(args[1], id.Recipient().String())
	ts.Setenv(args[1]+"_IDENTITY", id.String())
}

// cmdNoSeedsAnywhere is `noseedsanywhere [EXCEPT...]`: it fails if any
// file under the work directory, the keystore included, holds something
// shaped like a seed, except the files and directories named (creds
// files and nsc exports hold seeds by design).
func cmdNoSeedsAnywhere(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! noseedsanywhere")
	}
	skip := map[string]bool{}
	for _, a := range args {
		skip[ts.MkAbs(a)] = true
	}
	files := 0
	ts.Check(filepath.WalkDir(ts.MkAbs("."), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skip[path] || d.Name() == ".tmp" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if m := seedPattern.Find(b); m != nil {
			ts.Fatalf("%s holds a seed (%s...)", path, strings.Repeat("*", 4))
		}
		return nil
	}))
	ts.Logf("%d files scanned, no seed", files)
}
