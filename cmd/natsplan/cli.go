package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// cli is one invocation: its streams and the settings every command shares.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dir            string // working directory after -chdir

	name   string        // the command being run, for messages and help
	helped bool          // the command was asked for -h: it printed help, exit 0
	helpFS *flag.FlagSet // the flags of the command asked for -h (help, completion)
}

// command is one natsplan command. Its flags are those its run function
// registers; help and completion read them by running it with -h.
type command struct {
	run      func(c *cli, args []string) int
	args     string // positional arguments, for the usage line: "[PLANFILE]"
	min, max int    // how many positional arguments it takes
	synopsis string // one line, for the list of commands
	help     string // one paragraph, for help COMMAND
}

// names of the commands, in the order help lists them (as terraform
// does: the daily ones first).
var commandOrder = []string{"validate", "fmt", "plan", "apply", "show", "push", "creds", "serve",
	"access", "test", "graph", "adopt", "export", "server-config", "export-keys", "keys", "state", "force-unlock",
	"version", "completion", "help"}

func (c *cli) main(args []string) int {
	c.dir = "."
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		flag := args[0]
		args = args[1:]
		switch {
		case flag == "-chdir" || flag == "--chdir":
			if len(args) == 0 {
				c.errorf("-chdir needs a directory: natsplan -chdir DIR COMMAND")
				return exitError
			}
			c.dir, args = args[0], args[1:]
		case strings.HasPrefix(flag, "-chdir=") || strings.HasPrefix(flag, "--chdir="):
			_, c.dir, _ = strings.Cut(flag, "=")
		case flag == "-h" || flag == "-help" || flag == "--help":
			return cmdHelp(c, args)
		case flag == "-version" || flag == "--version" || flag == "-v":
			return cmdVersion(c, nil)
		default:
			c.errorf("unknown global flag %s. The global flags are -chdir DIR, -help and -version; "+
				"a command's own flags go after its name (natsplan plan -h lists plan's)", flag)
			return exitError
		}
	}
	if len(args) == 0 {
		c.overview(c.stderr)
		return exitError
	}
	c.name = args[0]
	cmd, ok := commands[c.name]
	if !ok {
		c.errorf("unknown command %q.%s Run natsplan help to list the commands.", c.name, suggest(c.name, commandOrder))
		return exitError
	}
	if !c.checkDir() {
		return exitError
	}
	code := cmd.run(c, args[1:])
	if c.helped {
		return exitOK
	}
	return code
}

// checkDir refuses a -chdir that is not a directory, before any command
// reads or writes relative to it.
func (c *cli) checkDir() bool {
	st, err := os.Stat(c.dir)
	switch {
	case os.IsNotExist(err):
		c.errorf("-chdir: directory %s does not exist", c.dir)
	case err != nil:
		c.errorf("-chdir: %v", err)
	case !st.IsDir():
		c.errorf("-chdir: %s is not a directory", c.dir)
	default:
		return true
	}
	return false
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
