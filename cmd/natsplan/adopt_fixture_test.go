package main

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"
)

// nscFixture is the store real nsc v2.14.0 made for the Services page
// (see its README.md and make.sh).
var nscFixture = filepath.Join("..", "..", "nscstore", "testdata", "nsc-services")

// cmdNscFixture is the testscript command `nscfixture DIR`: it copies the
// nsc store and its keys into DIR (DIR/store, DIR/keys), with the modes nsc
// gives its keys (0600 files, 0700 directories), which a checkout loses.
func cmdNscFixture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: nscfixture DIR")
	}
	ts.Check(copyNscFixture(ts.MkAbs(args[0])))
}

func copyNscFixture(dst string) error {
	src, err := filepath.Abs(nscFixture)
	if err != nil {
		return err
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
}
