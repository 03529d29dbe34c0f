package main

import (
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// verified checks the parts of st that a command builds on (addrs; nil:
// all) with trust.Verify, and prints the problems when there are any:
// a state that cannot be believed never reaches a server, a server
// configuration or a creds file. The shape of every resource is checked
// in any case.
func (ws *workspace) verified(st *state.State, command string, addrs []string) bool {
	problems := trust.Verify(st, addrs)
	if len(problems) == 0 {
		return true
	}
	for i, p := range problems {
		if i == maxListed {
			ws.c.errorf("... and %d more", len(problems)-i)
			break
		}
		ws.c.errorf("%s", p)
	}
	ws.c.errorf("refusing to %s a state that cannot be trusted; run natsplan validate -state for the full report. %s", command, trust.Recover)
	return false
}
