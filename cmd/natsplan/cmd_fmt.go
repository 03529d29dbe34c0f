package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/textdiff"
	"github.com/natsplan/natsplan/view"
)

// cmdFmt rewrites configuration files canonically, like terraform fmt:
// it lists the files it changed; with -check it changes nothing and exits
// 3 when a file is not formatted; with -diff it also shows each change.
// A file that does not parse is reported with its diagnostic, left as it
// is, and makes fmt fail: formatting it would hide the error, and
// -check passing on it would pass a file natsplan cannot read.
func cmdFmt(c *cli, args []string) int {
	flags := c.flags("fmt")
	check := flags.Bool("check", false, "list files that are not formatted and exit 3 if there are any; change nothing")
	diff := flags.Bool("diff", false, "show a unified diff of what fmt changes, or would change with -check")
	recursive := flags.Bool("recursive", false, "also format the files in subdirectories")
	noColor := flags.Bool("no-color", false, "plain output")
	targets, ok := parse(flags, args)
	if !ok {
		return exitError
	}
	if len(targets) == 0 {
		targets = []string{"."}
	}
	files, err := c.fmtFiles(targets, *recursive)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	unformatted, broken := 0, false
	for _, f := range files {
		changed, ok := c.fmtFile(f, *check, *diff, !*noColor)
		if !ok {
			broken = true
		}
		if changed {
			unformatted++
		}
	}
	switch {
	case broken:
		return exitError
	case *check && unformatted > 0:
		return 3
	}
	return exitOK
}

// fmtFile formats one file; changed says it was (or, with check, would
// be) rewritten, ok false that it could not be read, parsed or written.
func (c *cli) fmtFile(f string, check, diff, color bool) (changed, ok bool) {
	src, err := os.ReadFile(c.path(f))
	if err != nil {
		c.errorf("%v", err)
		return false, false
	}
	if _, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos); diags.HasErrors() {
		view.Diagnostics(c.stderr, map[string]*hcl.File{f: {Bytes: src}}, diags, color && colorOn(c.stderr))
		return false, false
	}
	out := lang.Format(src)
	if bytes.Equal(src, out) {
		return false, true
	}
	fmt.Fprintln(c.stdout, f)
	if diff {
		fmt.Fprint(c.stdout, textdiff.Unified("old/"+f, "new/"+f, string(src), string(out), 3))
	}
	if !check {
		if err := writeKeepingMode(c.path(f), out); err != nil {
			c.errorf("%v", err)
			return true, false
		}
	}
	return true, true
}

// writeKeepingMode rewrites a file the user owns in place, as an editor
// does, keeping its mode.
func writeKeepingMode(path string, data []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, st.Mode().Perm())
}

// fmtFiles lists the files fmt formats, as paths relative to -chdir: the
// files given, and in each directory given its *.hcl and *.natsplanvars
// files (in subdirectories too with recursive, except hidden ones such as
// .natsplan, the keystore's).
func (c *cli) fmtFiles(targets []string, recursive bool) ([]string, error) {
	var files []string
	for _, t := range targets {
		st, err := os.Stat(c.path(t))
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, filepath.Clean(t))
			continue
		}
		err = filepath.WalkDir(c.path(t), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(c.dir, p)
			if d.IsDir() {
				if p != c.path(t) && (!recursive || strings.HasPrefix(d.Name(), ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if isFormatted(d.Name()) && d.Type().IsRegular() {
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

// isFormatted reports whether fmt formats a file of this name: those Load
// reads, and HCL variable files.
func isFormatted(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") {
		return false
	}
	return strings.HasSuffix(name, ".hcl") || strings.HasSuffix(name, ".natsplanvars")
}
