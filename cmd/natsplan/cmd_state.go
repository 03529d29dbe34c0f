package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// stateSubcommands are the subcommands of state; each is a command of its
// own, "state NAME", in the commands table.
var stateSubcommands = []string{"list", "show", "rm", "mv", "pull", "push", "migrate", "history"}

// cmdState runs the state subcommands, as terraform state does: list and
// show read the state; rm and mv change it under the lock, keeping the
// previous file as the backup, like apply. None of them signs anything.
func cmdState(c *cli, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs := c.flags("state")
		if _, ok := parse(fs, args); !ok {
			return exitError
		}
		c.errorf("state needs a subcommand: list, show, rm, mv, pull, push, migrate or history. Run natsplan state -h for what each does.")
		return exitError
	}
	name := "state " + args[0]
	if _, ok := commands[name]; !ok {
		c.errorf("state has no subcommand %q.%s Run natsplan state -h for the list.", args[0],
			suggest(args[0], stateSubcommands))
		return exitError
	}
	c.name = name
	return commands[name].run(c, args[1:])
}

// cmdStateList prints the address of every entity in the state, sorted.
func cmdStateList(c *cli, args []string) int {
	fs := c.flags("state list")
	ws := c.workspace(fs)
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	for _, addr := range st.Addresses() {
		fmt.Fprintln(c.stdout, addr)
	}
	return exitOK
}

// cmdStateShow prints one entity: what the state records and the claims
// of its JWT, which is verified first.
func cmdStateShow(c *cli, args []string) int {
	fs := c.flags("state show")
	ws := c.workspace(fs)
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	r := st.Get(pos[0])
	if r == nil {
		c.errorf("%s", notInState(st, pos[0]))
		return exitError
	}
	if !ws.verified(st, "show", []string{pos[0]}) {
		return exitError
	}
	fmt.Fprintf(c.stdout, "# %s\nkind       = %s\nname       = %s\npublic_key = %s\nissuer     = %s\ndigest     = %s\n",
		pos[0], r.Kind, r.Name, r.PublicKey, r.Issuer, r.Digest)
	for _, n := range slices.Sorted(maps.Keys(r.SigningKeys)) {
		fmt.Fprintf(c.stdout, "signing_key %q = %s\n", n, r.SigningKeys[n])
	}
	for _, rv := range r.Revocations {
		fmt.Fprintf(c.stdout, "revoked    = %s (%s, at %d)\n", rv.Address, rv.PublicKey, rv.At)
	}
	claims, err := jwt.Decode(r.JWT)
	if err != nil {
		c.errorf("the JWT of %s does not decode: %v", pos[0], err)
		return exitError
	}
	out, _ := json.MarshalIndent(claims, "", "  ")
	fmt.Fprintf(c.stdout, "claims     = %s\n", out)
	return exitOK
}

// notInState says an address is not in the state, with the nearest one.
func notInState(st *state.State, addr string) string {
	return fmt.Sprintf("%s is not in the state.%s Run natsplan state list for the addresses.", addr, suggest(addr, st.Addresses()))
}

// changeState runs edit on the state under the lock and writes the
// result, the previous file kept as the backup; it writes nothing when
// edit fails.
func (ws *workspace) changeState(op string, edit func(st *state.State) error) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	lock, ok := ws.lock(ctx, op)
	if !ok {
		return exitError
	}
	defer lock.Unlock()
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	if err := edit(st); err != nil {
		ws.c.errorf("%v", err)
		return exitError
	}
	b, ok := ws.backend()
	if !ok {
		return exitError
	}
	if err := b.Write(st); err != nil {
		ws.c.errorf("%v", err)
		return exitError
	}
	if _, isFile := b.(state.File); isFile {
		fmt.Fprintf(ws.c.stdout, "State serial: %d (the previous state is kept as %s%s).\n", st.Serial, ws.stateName(), state.BackupSuffix)
	} else {
		fmt.Fprintf(ws.c.stdout, "State serial: %d (the bucket keeps the earlier serials: natsplan state history).\n", st.Serial)
	}
	return exitOK
}

// entityAndChildren lists addr and the entities under it (an account's
// users): they are removed or moved together.
func entityAndChildren(st *state.State, addr string) []string {
	out := []string{addr}
	for _, a := range st.Addresses() {
		if strings.HasPrefix(a, addr+".") {
			out = append(out, a)
		}
	}
	return out
}
