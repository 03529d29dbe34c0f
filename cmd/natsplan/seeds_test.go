package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// seedPattern matches an encoded nkey seed of any kind (operator, account,
// user, server, cluster, curve) and an encoded raw private key.
var seedPattern = regexp.MustCompile(`S[OAUNCX][A-Z2-7]{56}|P[A-Z2-7]{107}`)

// cmdNoSeeds is the testscript command `noseeds [file...]`: it fails if any
// named file, or with no arguments, the last command's stdout and stderr,
// holds something shaped like a seed. Directories are scanned recursively,
// except the keystore, which is where seeds belong.
func cmdNoSeeds(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! noseeds")
	}
	if len(args) == 0 {
		for _, stream := range []string{"stdout", "stderr"} {
			if seedPattern.MatchString(ts.ReadFile(stream)) {
				ts.Fatalf("%s holds a seed", stream)
			}
		}
		return
	}
	for _, a := range args {
		ts.Check(filepath.WalkDir(ts.MkAbs(a), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "keys" && strings.Contains(path, ".natsplan") {
					return filepath.SkipDir
				}
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if seedPattern.Match(b) {
				ts.Fatalf("%s holds a seed", path)
			}
			return nil
		}))
	}
}
