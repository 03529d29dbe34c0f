package main

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/natsplan/natsplan/state"
)

// cmdStateRm forgets entities without revoking them, as terraform state rm
// does: for an entity natsplan should stop managing. Their JWTs keep
// working wherever servers hold them, so it warns.
func cmdStateRm(c *cli, args []string) int {
	fs := c.flags("state rm")
	ws := c.workspace(fs)
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	var removed []string
	code := ws.changeState("state rm", func(st *state.State) error {
		for _, addr := range pos {
			if err := checkRemovable(st, addr); err != nil {
				return err
			}
			for _, a := range entityAndChildren(st, addr) {
				delete(st.Resources, a)
				removed = append(removed, a)
			}
		}
		return nil
	})
	if code != exitOK {
		return code
	}
	for _, a := range removed {
		fmt.Fprintf(c.stdout, "Removed %s\n", a)
	}
	fmt.Fprintf(c.stderr, "Warning: natsplan forgot %d entities without revoking them: their JWTs and creds still work on "+
		"servers that hold them. Their seeds stay in the keystore. If the configuration still declares them, the next "+
		"apply creates them again, with new keys.\n", len(removed))
	return exitOK
}

// checkRemovable refuses what state rm cannot forget alone: a missing
// address, and the operator, which signs everything else.
func checkRemovable(st *state.State, addr string) error {
	r := st.Get(addr)
	if r == nil {
		return fmt.Errorf("%s", notInState(st, addr))
	}
	if r.Kind == state.KindOperator {
		return fmt.Errorf("%s signs every other entity of the state; state rm does not forget it. "+
			"To start over, move the state file away", addr)
	}
	return nil
}

// cmdStateMv renames an entity in the state, keeping its keys and JWT, as
// a moved block does: the next plan re-signs it under its new name.
func cmdStateMv(c *cli, args []string) int {
	fs := c.flags("state mv")
	ws := c.workspace(fs)
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	from, to := pos[0], pos[1]
	var moved [][2]string
	code := ws.changeState("state mv", func(st *state.State) error {
		if err := checkMove(st, from, to); err != nil {
			return err
		}
		for _, a := range entityAndChildren(st, from) {
			dest := to + strings.TrimPrefix(a, from)
			st.Resources[dest] = st.Resources[a]
			delete(st.Resources, a)
			moved = append(moved, [2]string{a, dest})
		}
		st.Resources[to].Rename(lastLabel(to))
		return nil
	})
	if code != exitOK {
		return code
	}
	for _, m := range moved {
		fmt.Fprintf(c.stdout, "Moved %s to %s\n", m[0], m[1])
	}
	return exitOK
}

// checkMove allows renames that keep the entity what it is: the same
// kind, and a user in its own account (its JWT is signed by that
// account's key, so moving it elsewhere would leave a JWT no server
// accepts under the new account).
func checkMove(st *state.State, from, to string) error {
	r := st.Get(from)
	switch {
	case r == nil:
		return fmt.Errorf("%s", notInState(st, from))
	case st.Get(to) != nil:
		return fmt.Errorf("%s is in the state already; state mv does not replace an entity", to)
	case r.Kind == state.KindOperator:
		return fmt.Errorf("%s: the operator is renamed in the configuration alone; its state address follows", from)
	}
	want := shape(from)
	if shape(to) != want || !hclsyntax.ValidIdentifier(lastLabel(to)) {
		return fmt.Errorf("%s is not an address for %s: write %s", to, from, want)
	}
	if r.Kind == state.KindUser && parentOf(from) != parentOf(to) {
		return fmt.Errorf("%s cannot move to another account (%s): its JWT is signed by %s's key", from, parentOf(to), parentOf(from))
	}
	return nil
}

// shape is an address with its names replaced: "account.NAME.user.NAME".
func shape(addr string) string {
	parts := strings.Split(addr, ".")
	for i := 1; i < len(parts); i += 2 {
		parts[i] = "NAME"
	}
	return strings.Join(parts, ".")
}

func lastLabel(addr string) string { return addr[strings.LastIndex(addr, ".")+1:] }

func parentOf(addr string) string {
	if i := strings.LastIndex(addr, ".user."); i >= 0 {
		return addr[:i]
	}
	return ""
}
