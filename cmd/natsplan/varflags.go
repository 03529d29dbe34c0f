package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/natsplan/natsplan/lang"
)

// varFlags registers -var and -var-file on fs, for the commands that load
// the configuration, and returns the values they collect together with
// the NATSPLAN_VAR_name entries of the environment and the variable files
// of the configuration directory that are loaded without being named
// (autoVarFiles). Flags and files keep the order given: a later one wins.
func (c *cli) varFlags(fs *flag.FlagSet) *lang.Vars {
	v := &lang.Vars{}
	v.Env(os.Environ())
	for _, f := range autoVarFiles(c.dir) {
		v.File(f)
	}
	fs.Func("var", "set a variable, as `NAME=VALUE` (repeatable; env NATSPLAN_VAR_name)", v.Flag)
	fs.Func("var-file", "read variable values from a `FILE`: NAME.natsplanvars holds HCL, NAME.natsplanvars.json JSON (repeatable)", func(path string) error {
		if err := c.checkVarFile(path); err != nil {
			return err
		}
		v.File(c.path(path))
		return nil
	})
	return v
}

// autoVarFiles are the variable files loaded from dir without -var-file,
// as terraform loads terraform.tfvars and *.auto.tfvars: first
// natsplan.natsplanvars and natsplan.natsplanvars.json, then every
// *.auto.natsplanvars and *.auto.natsplanvars.json in name order. Their
// names do not end in .hcl, so they are never read as configuration.
func autoVarFiles(dir string) []string {
	var files, auto []string
	for _, name := range []string{"natsplan.natsplanvars", "natsplan.natsplanvars.json"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.Mode().IsRegular() {
			files = append(files, filepath.Join(dir, name))
		}
	}
	entries, _ := os.ReadDir(dir) // an unreadable directory is reported by the load
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && (strings.HasSuffix(n, ".auto.natsplanvars") || strings.HasSuffix(n, ".auto.natsplanvars.json")) {
			auto = append(auto, filepath.Join(dir, n))
		}
	}
	sort.Strings(auto)
	return append(files, auto...)
}

// checkVarFile refuses a -var-file that is also read as configuration:
// every *.hcl file of the configuration directory is, and its
// "name = value" lines would be reported as unsupported arguments.
func (c *cli) checkVarFile(path string) error {
	if !strings.HasSuffix(path, ".hcl") {
		return nil
	}
	fileDir, err1 := filepath.Abs(filepath.Dir(c.path(path)))
	confDir, err2 := filepath.Abs(c.dir)
	if err1 != nil || err2 != nil || fileDir != confDir {
		return nil
	}
	base := strings.TrimSuffix(filepath.Base(path), ".hcl")
	return fmt.Errorf("%s is in the configuration directory, where every *.hcl file is read as configuration; "+
		"keep variable values in a file named %s.natsplanvars instead", path, base)
}
