package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// cmdCompletion prints a completion script for bash or zsh. The script
// holds the commands and each command's flags as this binary has them,
// so it needs no natsplan call while completing.
func cmdCompletion(c *cli, args []string) int {
	pos, ok := parse(c.flags("completion"), args)
	if !ok {
		return exitError
	}
	switch pos[0] {
	case "bash":
		bashCompletion(c.stdout)
	case "zsh":
		// zsh runs bash completion functions through bashcompinit.
		fmt.Fprintln(c.stdout, "#compdef natsplan")
		fmt.Fprintln(c.stdout, "autoload -U +X bashcompinit && bashcompinit")
		bashCompletion(c.stdout)
	default:
		c.errorf("completion supports bash and zsh, not %q", pos[0])
		return exitError
	}
	return exitOK
}

func bashCompletion(w io.Writer) {
	fmt.Fprint(w, `# natsplan completion for bash: source <(natsplan completion bash)
_natsplan() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -chdir) ((i++)) ;;
      -*) ;;
      *)
        if [[ -z $cmd ]]; then
          cmd=${COMP_WORDS[i]}
          [[ $cmd == state ]] || break
        else
          cmd="$cmd ${COMP_WORDS[i]}" # state SUBCOMMAND
          break
        fi ;;
    esac
  done
  local words
  case $cmd in
`)
	fmt.Fprintf(w, "    \"\") words=%q ;;\n", strings.Join(append(commandOrder[:len(commandOrder):len(commandOrder)], "-chdir", "-help", "-version"), " "))
	fmt.Fprintf(w, "    help) words=%q ;;\n", strings.Join(commandOrder, " "))
	fmt.Fprintf(w, "    completion) words=\"bash zsh\" ;;\n")
	fmt.Fprintf(w, "    state) words=%q ;;\n", strings.Join(stateSubcommands, " "))
	names := slices.Clone(commandOrder)
	for _, sub := range stateSubcommands {
		names = append(names, "state "+sub)
	}
	for _, name := range names {
		if flags := flagNames(name); flags != "" && name != "state" {
			fmt.Fprintf(w, "    %q) words=%q ;;\n", name, flags)
		}
	}
	fmt.Fprint(w, `  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _natsplan natsplan
`)
}

// flagNames lists the flags of a command, as "-a -b", by running it with
// -h on a cli that writes nowhere.
func flagNames(name string) string {
	h := &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, dir: ".", name: name}
	commands[name].run(h, []string{"-h"})
	if h.helpFS == nil {
		return ""
	}
	var names []string
	h.helpFS.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
	return strings.Join(names, " ")
}
