package main

import (
	"fmt"
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
	b, ok := ws.backend()
	if !ok {
		return exitError
	}
	if err := b.ForceUnlock(pos[0]); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	fmt.Fprintln(c.stdout, "The state lock was removed.")
	return exitOK
}
