package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/mitchellh/go-wordwrap"
)

// cmdHelp lists the commands, or shows the help of one: the same text as
// COMMAND -h, which it gets by running the command with -h.
func cmdHelp(c *cli, args []string) int {
	fs := c.flags("help")
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	if len(pos) == 0 {
		c.overview(c.stdout)
		return exitOK
	}
	name := strings.Join(pos, " ") // help state rm
	cmd, ok := commands[name]
	if !ok {
		c.errorf("there is no command %q.%s Run natsplan help to list the commands.", name, suggest(name, commandOrder))
		return exitError
	}
	c.name = name
	cmd.run(c, []string{"-h"})
	return exitOK
}

// overview is natsplan help: what natsplan is, its commands and the
// global flags.
func (c *cli) overview(w io.Writer) {
	fmt.Fprintln(w, "Usage: natsplan [global options] COMMAND [options] [args]")
	fmt.Fprintln(w)
	paragraph(w, "natsplan manages NATS decentralized authentication (operator, account and user JWTs, "+
		"exports, imports and activations) from HCL files: plan shows what would change, at the level of "+
		"claims; apply makes the keys and signs exactly that; push sends the accounts to the servers.")
	fmt.Fprintln(w, "Commands:")
	for _, n := range commandOrder {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].synopsis)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Global options (before the command):")
	fmt.Fprintln(w, "  -chdir=DIR     run in DIR, as if natsplan were started there (also -chdir DIR)")
	fmt.Fprintln(w, "  -help          show this help; natsplan help COMMAND or COMMAND -h shows a command's")
	fmt.Fprintln(w, "  -version       show the version of natsplan and of its modules")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Colour is used on a terminal only, and never when NO_COLOR is set or TERM=dumb.")
}

// commandHelp is COMMAND -h: the usage line, the paragraph, and every
// flag with what it means and its default.
func (c *cli) commandHelp(w io.Writer, name string, fs *flag.FlagSet) {
	cmd := commands[name]
	usage := "Usage: natsplan [global options] " + name
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		usage += " [options]"
	}
	if cmd.args != "" {
		usage += " " + cmd.args
	}
	fmt.Fprintln(w, usage)
	fmt.Fprintln(w)
	paragraph(w, cmd.help)
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "Options:")
	fmt.Fprintln(w)
	fs.VisitAll(func(f *flag.Flag) { flagHelp(w, f) })
}

// flagHelp prints one flag: -name=VALUE, then its meaning and default.
func flagHelp(w io.Writer, f *flag.Flag) {
	arg, meaning := flag.UnquoteUsage(f)
	head := "  -" + f.Name
	if !isBoolFlag(f) {
		if name, ok := argNames[f.Name]; ok {
			arg = name
		}
		head += "=" + strings.ToUpper(arg)
	}
	fmt.Fprintln(w, head)
	if !strings.Contains(meaning, "default") && !strings.Contains(meaning, "required") {
		def := f.DefValue
		if def == "" || def == "[]" {
			def = "none"
		}
		meaning += fmt.Sprintf(" (default: %s)", def)
	}
	fmt.Fprintln(w, indent(wordwrap.WrapString(meaning, 70), "      "))
	fmt.Fprintln(w)
}

// argNames name the values of flags whose usage text does not.
var argNames = map[string]string{"state": "FILE", "keystore": "DIR", "out": "FILE", "o": "FILE",
	"creds": "FILE", "server": "URL", "var": "NAME=VALUE", "var-file": "FILE", "nsc": "DIR",
	"jwt-dir": "DIR", "listen": "HOST:PORT", "resolver": "memory|full"}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func paragraph(w io.Writer, text string) {
	fmt.Fprintln(w, indent(wordwrap.WrapString(text, 74), "  "))
	fmt.Fprintln(w)
}

func indent(text, prefix string) string {
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix)
}

// suggest is " Did you mean "x"?" for the name closest to s, or "" when
// none is close enough to be what was meant.
func suggest(s string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := levenshtein.Distance(s, n, nil); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %s?", best)
}

func suggestFlag(s string, names []string) string {
	if m := suggest(s, names); m != "" {
		return strings.Replace(m, "mean ", "mean -", 1)
	}
	return ""
}
