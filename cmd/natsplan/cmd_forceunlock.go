package main

import (
	"fmt"

	"github.com/natsplan/natsplan/state"
)

// cmdForceUnlock removes a lock file by its id, for a lock whose holder is
// known to be gone (for example on another host).
func cmdForceUnlock(c *cli, args []string) int {
	fs := c.flags("force-unlock")
	ws := c.workspace(fs)
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	if err := state.ForceUnlock(c.path(ws.statePath), pos[0]); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	fmt.Fprintln(c.stdout, "The state lock was removed.")
	return exitOK
}
