package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/statekv"
)

// stateFlag is -state: a file, or nats://.../BUCKET for a JetStream
// bucket. Its String (what -h prints as the default, NATSPLAN_STATE
// included) never shows the credentials a URL may carry.
type stateFlag struct{ v *string }

func (f stateFlag) String() string {
	if f.v == nil {
		return ""
	}
	return statekv.Redact(*f.v)
}
func (f stateFlag) Set(v string) error { *f.v = v; return nil }

// remoteFlags are the settings of a state kept in a JetStream bucket.
type remoteFlags struct {
	creds, ca string
	replicas  int
	history   int
	lockTTL   time.Duration
	warn      func(string) // told what a commit left undone
}

func (ws *workspace) stateFlags(fs *flag.FlagSet) {
	ws.statePath = envOr("NATSPLAN_STATE", defaultStatePath)
	fs.Var(stateFlag{&ws.statePath}, "state", "state file, or nats://[user:pass@]host[:port][,host2...]/BUCKET for a JetStream bucket (env NATSPLAN_STATE)")
	fs.StringVar(&ws.remote.creds, "state-creds", os.Getenv("NATSPLAN_STATE_CREDS"), "creds file of the state bucket's user (env NATSPLAN_STATE_CREDS)")
	fs.StringVar(&ws.remote.ca, "state-ca", os.Getenv("NATSPLAN_STATE_CA"), "CA file for a tls:// state URL (env NATSPLAN_STATE_CA)")
	fs.IntVar(&ws.remote.replicas, "state-replicas", replicasFromEnv(), "replicas of a state bucket created on first write (3 recommended for clusters)")
	ws.remote.history = historyFromEnv()
	fs.Var(historyFlag{&ws.remote.history}, "state-history", "serials a state bucket created on first write keeps, 1 to 64, the most JetStream KV keeps (env NATSPLAN_STATE_HISTORY)")
	fs.DurationVar(&ws.remote.lockTTL, "lock-ttl", statekv.DefaultLockTTL, "how long the lock of a state bucket outlives a holder that died (1s to 2m)")
}

func replicasFromEnv() int {
	if n, err := strconv.Atoi(os.Getenv("NATSPLAN_STATE_REPLICAS")); err == nil {
		return n
	}
	return 1
}

// historyFromEnv is NATSPLAN_STATE_HISTORY, statekv.MaxHistory when it is
// unset, or -1 when it is not a number: openRemote refuses what is not
// 1..64 rather than silently using the default.
func historyFromEnv() int {
	v := os.Getenv("NATSPLAN_STATE_HISTORY")
	if v == "" {
		return statekv.MaxHistory
	}
	if n, err := strconv.Atoi(v); err == nil && n != 0 {
		return n
	}
	return -1
}

// historyFlag is -state-history, refused outside 1..64 when parsed.
type historyFlag struct{ n *int }

func (f historyFlag) String() string {
	if f.n == nil {
		return ""
	}
	return strconv.Itoa(*f.n)
}

func (f historyFlag) Set(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("want a number of serials, 1 to %d", statekv.MaxHistory)
	}
	if err := statekv.CheckHistory(n); err != nil {
		return err
	}
	*f.n = n
	return nil
}

// remoteState reports whether the state is in a bucket.
func (ws *workspace) remoteState() bool { return statekv.IsURL(ws.statePath) }

// backend opens the state's backend once per command.
func (ws *workspace) backend() (state.Backend, bool) {
	if ws.store != nil {
		return ws.store, true
	}
	if !ws.remoteState() {
		ws.store = state.File{Path: ws.c.path(ws.statePath)}
		return ws.store, true
	}
	r := ws.remote
	r.warn = func(msg string) { fmt.Fprintf(ws.c.stderr, "Warning: %s\n", msg) }
	kv, err := openRemote(ws.statePath, r)
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	ws.store = kv
	return kv, true
}

func openRemote(url string, r remoteFlags) (*statekv.Store, error) {
	// 0: a command without -state-history (it writes no new bucket), and
	// Open's default; a bad NATSPLAN_STATE_HISTORY is -1 and refused.
	if r.history != 0 {
		if err := statekv.CheckHistory(r.history); err != nil {
			return nil, err
		}
	}
	return statekv.Open(url, statekv.Options{Creds: r.creds, CA: r.ca, Replicas: r.replicas, History: r.history, LockTTL: r.lockTTL, Warn: r.warn})
}

// stateName is how messages name the state: its path or its URL without
// credentials.
func (ws *workspace) stateName() string {
	if ws.remoteState() {
		return statekv.Redact(ws.statePath)
	}
	return ws.statePath
}
