package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/natsplan/natsplan/internal/buildinfo"
)

// cli is one invocation: its streams and the settings every command shares.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dir            string // working directory after -chdir
}

type command struct {
	run      func(c *cli, args []string) int
	synopsis string
}

var commands = map[string]command{
	"adopt":         {cmdAdopt, "Turn an nsc store into configuration, state and keystore, changing nothing"},
	"validate":      {cmdValidate, "Check the configuration and report every problem at once"},
	"fmt":           {cmdFmt, "Rewrite *.hcl files in the canonical format"},
	"plan":          {cmdPlan, "Show what apply would change, at the level of claims"},
	"apply":         {cmdApply, "Generate keys, sign what changed and write state"},
	"show":          {cmdShow, "Describe what the state holds"},
	"creds":         {cmdCreds, "Write a NATS creds file for a user"},
	"export":        {cmdExport, "Write the state as an nsc store (JWTs and keys in nsc's layout), the way back from adopt"},
	"export-keys":   {cmdExportKeys, "Copy the seeds the state names into a keystore in nsc's layout"},
	"server-config": {cmdServerConfig, "Print a nats-server configuration for the applied state"},
	"force-unlock":  {cmdForceUnlock, "Remove a state lock left by a process that is gone"},
	"push":          {cmdPush, "Send the account JWTs to the servers' resolvers and check they hold them"},
	"serve":         {cmdServe, "Run a nats-server in operator mode with the applied state, until interrupted"},
	"state":         {cmdState, "Pull, push, migrate the state between a file and a JetStream bucket; list its history"},
}

func (c *cli) main(args []string) int {
	c.dir = "."
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case strings.HasPrefix(args[0], "-chdir="):
			c.dir = strings.TrimPrefix(args[0], "-chdir=")
		case args[0] == "-h" || args[0] == "-help" || args[0] == "--help":
			c.usage(c.stdout)
			return exitOK
		case args[0] == "-version" || args[0] == "version":
			fmt.Fprintln(c.stdout, "natsplan", buildinfo.Version())
			return exitOK
		default:
			c.errorf("unknown global flag %s (the only one is -chdir=DIR)", args[0])
			return exitError
		}
		args = args[1:]
	}
	if len(args) == 0 {
		c.usage(c.stderr)
		return exitError
	}
	cmd, ok := commands[args[0]]
	if !ok {
		if args[0] == "version" {
			fmt.Fprintln(c.stdout, "natsplan", buildinfo.Version())
			return exitOK
		}
		c.errorf("unknown command %q", args[0])
		c.usage(c.stderr)
		return exitError
	}
	if st, err := os.Stat(c.dir); err != nil || !st.IsDir() {
		c.errorf("-chdir=%s: not a directory", c.dir)
		return exitError
	}
	return cmd.run(c, args[1:])
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: natsplan [-chdir=DIR] <command> [args]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].synopsis)
	}
}

func (c *cli) errorf(format string, args ...any) {
	fmt.Fprintf(c.stderr, "Error: "+format+"\n", args...)
}

// path resolves a path given on the command line against -chdir.
func (c *cli) path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// flags returns a flag set that reports errors on stderr, Terraform style.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	return fs
}

// parse parses flags that may come before or after positional arguments
// (`creds A U -o FILE` as well as `creds -o FILE A U`).
func parse(fs *flag.FlagSet, args []string) ([]string, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
