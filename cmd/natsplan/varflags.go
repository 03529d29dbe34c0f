package main

import (
	"flag"
	"os"

	"github.com/natsplan/natsplan/lang"
)

// varFlags registers -var and -var-file on fs, for the commands that load
// the configuration, and returns the values they collect together with
// the NATSPLAN_VAR_name entries of the environment. Flags and files keep
// the order given: a later one wins.
func (c *cli) varFlags(fs *flag.FlagSet) *lang.Vars {
	v := &lang.Vars{}
	v.Env(os.Environ())
	fs.Func("var", "set a variable, as name=value (repeatable; env NATSPLAN_VAR_name)", v.Flag)
	fs.Func("var-file", "read variable values from an HCL or .json file (repeatable)", func(path string) error {
		v.File(c.path(path))
		return nil
	})
	return v
}
