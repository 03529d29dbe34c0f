package main

import (
	"bytes"
	"flag"
	"slices"
	"strings"
	"testing"
)

// TestHelpEveryCommand: for every command, help COMMAND and COMMAND -h
// print the same text to stdout and nothing to stderr, exit 0, and hold
// the usage line, the paragraph and every flag the command parses, each
// with its meaning and its default.
func TestHelpEveryCommand(t *testing.T) {
	for name, cmd := range commands {
		words := strings.Fields(name) // state rm
		subs := map[string][]string{"state": stateSubcommands, "access": accessSubcommands, "keys": keysSubcommands}[words[0]]
		if !slices.Contains(commandOrder, words[0]) || (len(words) > 1 && !slices.Contains(subs, words[1])) {
			t.Errorf("command %s is not in commandOrder or its command's subcommands, so help does not list it", name)
		}
		c := &cli{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
		if code := c.main(append(words, "-h")); code != exitOK || c.helpFS == nil {
			t.Errorf("%s -h: exit %d, flags seen %v; stderr %s", name, code, c.helpFS != nil, c.stderr)
			continue
		}
		text := c.stdout.(*bytes.Buffer).String()
		if c.stderr.(*bytes.Buffer).Len() > 0 {
			t.Errorf("%s -h wrote to stderr: %s", name, c.stderr)
		}
		var again bytes.Buffer
		if code := run(append([]string{"help"}, words...), strings.NewReader(""), &again, &bytes.Buffer{}); code != exitOK || again.String() != text {
			t.Errorf("help %s: exit %d, and not the text of %s -h:\n%s", name, code, name, again.String())
		}
		if !strings.HasPrefix(text, "Usage: natsplan [global options] "+name) {
			t.Errorf("%s -h: no usage line:\n%s", name, text)
		}
		if len(cmd.help) < 60 || !strings.Contains(strings.Join(strings.Fields(text), " "), cmd.help) {
			t.Errorf("%s -h: no paragraph (or too short a one):\n%s", name, text)
		}
		c.helpFS.VisitAll(func(f *flag.Flag) { checkFlagHelp(t, name, text, f) })
	}
}

// checkFlagHelp finds flag f in the help text: its line, then its meaning
// with a default (or "required").
func checkFlagHelp(t *testing.T, name, text string, f *flag.Flag) {
	t.Helper()
	_, after, ok := strings.Cut(text, "\n  -"+f.Name)
	if !ok || (after[0] != '\n' && after[0] != '=') {
		t.Errorf("%s -h does not list -%s", name, f.Name)
		return
	}
	entry, _, _ := strings.Cut(after, "\n\n")
	_, meaning := flag.UnquoteUsage(f)
	entry = strings.Join(strings.Fields(entry), " ")
	if !strings.Contains(entry, strings.Join(strings.Fields(meaning), " ")) {
		t.Errorf("%s -h: -%s lacks its meaning %q: %q", name, f.Name, meaning, entry)
	}
	if !strings.Contains(entry, "default") && !strings.Contains(entry, "required") {
		t.Errorf("%s -h: -%s has no default: %q", name, f.Name, entry)
	}
}
