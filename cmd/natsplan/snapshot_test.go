package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdSnapshot is the testscript command `snapshot FILE`: it writes to FILE
// one line per file and directory under the work directory (keystore
// included), with its mode and, for a file, the sha256 of its content.
// Two snapshots compared with cmp prove that a refused command wrote,
// created and removed nothing. Files ending in .snap are left out, so
// that snapshots do not see each other.
func cmdSnapshot(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: snapshot FILE")
	}
	root := ts.MkAbs(".")
	var lines []string
	ts.Check(filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if strings.HasSuffix(rel, ".snap") || rel == ".tmp" || strings.HasPrefix(rel, ".tmp"+string(filepath.Separator)) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		line := fmt.Sprintf("%s %s", info.Mode(), filepath.ToSlash(rel))
		if !d.IsDir() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %x", sha256.Sum256(b))
		}
		lines = append(lines, line)
		return nil
	}))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Join(lines, "\n")+"\n"), 0o644))
}
