package main

import (
	"context"
	"fmt"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/statekv"
)

// The state subcommands that move a state between backends and recover
// an earlier one: pull, push, migrate and history (stateSubcommands).

func cmdStatePull(c *cli, args []string) int {
	fs := c.flags("state pull")
	ws := c.workspace(fs)
	serial := fs.Int64("serial", -1, "an earlier serial (a state in a bucket keeps the last -state-history, at most 64; see state history)")
	if pos, ok := parse(fs, args); !ok || len(pos) > 0 {
		return exitError
	}
	b, ok := ws.backend()
	if !ok {
		return exitError
	}
	var st *state.State
	var err error
	switch kv, remote := b.(*statekv.Store); {
	case *serial < 0:
		st, err = b.Read()
	case remote:
		st, err = kv.ReadSerial(uint64(*serial))
	default:
		err = fmt.Errorf("-serial needs a state in a bucket; the state file %s keeps one earlier version, %s%s", ws.stateName(), ws.stateName(), state.BackupSuffix)
	}
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	data, err := state.Encode(st)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	c.stdout.Write(data)
	return exitOK
}

func cmdStatePush(c *cli, args []string) int {
	fs := c.flags("state push")
	ws := c.workspace(fs)
	force := fs.Bool("force", false, "store it even when its lineage differs or its serial is not newer")
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	if len(pos) != 1 {
		c.errorf("usage: natsplan state push [-force] FILE")
		return exitError
	}
	src, err := state.Read(c.path(pos[0]))
	if err == nil && src.Lineage == "" {
		err = fmt.Errorf("%s: no such state file", pos[0])
	}
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	return ws.replaceState(src, pos[0], *force, "; add -force to replace it")
}

// replaceState stores src as the workspace's state under its lock: only
// over the same lineage at an older serial, or an empty state, unless
// force. hint ends a refusal: what the user may do.
func (ws *workspace) replaceState(src *state.State, from string, force bool, hint string) int {
	lock, ok := ws.lock(context.Background(), "state push")
	if !ok {
		return exitError
	}
	defer lock.Unlock()
	cur, ok := ws.state()
	if !ok {
		return exitError
	}
	if !force && cur.Lineage != "" {
		switch {
		case cur.Lineage != src.Lineage:
			ws.c.errorf("refusing to store %s over the state %s: they are different states (lineage %s there, %s in %s). Nothing was written%s", from, ws.stateName(), cur.Lineage, src.Lineage, from, hint)
			return exitError
		case cur.Serial >= src.Serial:
			ws.c.errorf("refusing to store %s (serial %d) over the state %s at serial %d: it is not newer. Nothing was written%s", from, src.Serial, ws.stateName(), cur.Serial, hint)
			return exitError
		}
	}
	if err := ws.store.Replace(src); err != nil {
		ws.c.errorf("%v", err)
		return exitError
	}
	fmt.Fprintf(ws.c.stdout, "Stored %s as the state %s (serial %d, lineage %s).\n", from, ws.stateName(), src.Serial, src.Lineage)
	return exitOK
}

func cmdStateMigrate(c *cli, args []string) int {
	fs := c.flags("state migrate")
	ws := c.workspace(fs)
	from := fs.String("from", "", "the state to copy: a file, or nats://.../BUCKET")
	to := fs.String("to", "", "where to copy it (default: -state)")
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	if len(pos) > 0 || *from == "" {
		c.errorf("usage: natsplan state migrate -from=FILE|URL [-to=FILE|URL]")
		return exitError
	}
	if *to != "" {
		ws.statePath = *to
	}
	name := statekv.Redact(*from)
	var src state.Backend = state.File{Path: c.path(*from)}
	if statekv.IsURL(*from) {
		kv, err := openRemote(*from, ws.remote)
		if err != nil {
			c.errorf("%v", err)
			return exitError
		}
		defer kv.Close()
		src = kv
	}
	st, err := src.Read()
	if err == nil && st.Lineage == "" {
		err = fmt.Errorf("%s holds no state", name)
	}
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	if cur, ok := ws.state(); ok && cur.Lineage == st.Lineage && cur.Serial == st.Serial {
		fmt.Fprintf(c.stdout, "The state %s holds serial %d of this state already; nothing to do.\n", ws.stateName(), st.Serial)
		return exitOK
	}
	return ws.replaceState(st, name, false, "; migrate copies only into an empty state or over an older serial of the same one")
}

func cmdStateHistory(c *cli, args []string) int {
	fs := c.flags("state history")
	ws := c.workspace(fs)
	if pos, ok := parse(fs, args); !ok || len(pos) > 0 {
		return exitError
	}
	b, ok := ws.backend()
	if !ok {
		return exitError
	}
	kv, remote := b.(*statekv.Store)
	if !remote {
		c.errorf("state history needs a state in a bucket; the state file %s keeps one earlier version, %s%s", ws.stateName(), ws.stateName(), state.BackupSuffix)
		return exitError
	}
	commits, err := kv.History()
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	kept, err := kv.Kept()
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	if len(commits) == 0 {
		fmt.Fprintf(c.stdout, "The state %s has no serial yet; its bucket will keep the last %d serials.\n", ws.stateName(), kept)
		return exitOK
	}
	fmt.Fprintf(c.stdout, "The state %s keeps the last %d serials (-state-history when its bucket was created; JetStream KV keeps at most %d); it holds %d.\n",
		ws.stateName(), kept, statekv.MaxHistory, len(commits))
	fmt.Fprintf(c.stdout, "%-7s %-21s %s\n", "SERIAL", "WRITTEN", "BY")
	for _, cm := range commits {
		by := "-"
		if cm.By != nil {
			by = cm.By.String()
		}
		fmt.Fprintf(c.stdout, "%-7d %-21s %s\n", cm.Serial, cm.Written.Format("2006-01-02T15:04:05Z"), by)
	}
	return exitOK
}
