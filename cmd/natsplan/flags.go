package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// flagSink is the output of every command's flag set. It discards what
// package flag prints itself (its own error text and the whole flag
// list, which buries the error) and carries the cli, so that parse,
// which every command calls as parse(fs, args), reports flag errors and
// help in natsplan's words.
type flagSink struct{ c *cli }

func (flagSink) Write(p []byte) (int, error) { return len(p), nil }

// flags returns the flag set of command name.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(flagSink{c})
	fs.Usage = func() {}
	return fs
}

// parse parses flags that may come before or after positional arguments
// (`creds A U -o FILE` as well as `creds -o FILE A U`), and checks the
// number of positional arguments against the command's table entry. ok
// is false when the command must stop: after an error, which it has
// printed, or after -h, which printed the help (the exit is then 0).
func parse(fs *flag.FlagSet, args []string) ([]string, bool) {
	c := fs.Output().(flagSink).c
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			c.flagError(fs, err)
			return nil, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, c.checkArgs(fs.Name(), pos)
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagError prints the help for -h, and otherwise the one line that says
// what was wrong, with where to look, instead of the flag list.
func (c *cli) flagError(fs *flag.FlagSet, err error) {
	name := fs.Name()
	if errors.Is(err, flag.ErrHelp) {
		c.helped, c.helpFS = true, fs
		c.commandHelp(c.stdout, name, fs)
		return
	}
	msg := err.Error()
	if bad, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		if strings.TrimLeft(bad, "-") == "chdir" {
			c.errorf("-chdir is a global flag: it goes before the command, as in natsplan -chdir=DIR %s", name)
			return
		}
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		c.errorf("%s has no flag %s.%s Run natsplan %s -h to list its flags.",
			name, bad, suggestFlag(strings.TrimLeft(bad, "-"), names), name)
		return
	}
	c.errorf("%s. Run natsplan %s -h to list its flags.", msg, name)
}

// checkArgs refuses positional arguments the command does not take:
// ignoring them would run it on something other than what was asked
// (`plan /other/dir` planned the current directory).
func (c *cli) checkArgs(name string, pos []string) bool {
	cmd, ok := commands[name]
	if !ok || cmd.max < 0 || (len(pos) >= cmd.min && len(pos) <= cmd.max) {
		return true
	}
	switch {
	case cmd.max == 0:
		hint := ""
		if st, err := os.Stat(c.path(pos[0])); err == nil && st.IsDir() {
			hint = fmt.Sprintf(" To run it in directory %s, use natsplan -chdir=%s %s.", pos[0], pos[0], name)
		}
		c.errorf("%s takes no arguments, but was given %q.%s", name, strings.Join(pos, " "), hint)
	case len(pos) > cmd.max:
		c.errorf("%s takes at most %s, but was given %q. Usage: natsplan %s %s", name,
			plural(cmd.max, "argument"), strings.Join(pos, " "), name, cmd.args)
	default:
		c.errorf("%s needs %s. Usage: natsplan %s %s", name, cmd.args, name, cmd.args)
	}
	return false
}

// plural writes "1 server", "3 servers".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
