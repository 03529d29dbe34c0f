package main

import (
	"flag"
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
}

func (ws *workspace) stateFlags(fs *flag.FlagSet) {
	ws.statePath = envOr("NATSPLAN_STATE", defaultStatePath)
	fs.Var(stateFlag{&ws.statePath}, "state", "state file, or nats://[user:pass@]host[:port][,host2...]/BUCKET for a JetStream bucket (env NATSPLAN_STATE)")
	fs.StringVar(&ws.remote.creds, "state-creds", os.Getenv("NATSPLAN_STATE_CREDS"), "creds file of the state bucket's user (env NATSPLAN_STATE_CREDS)")
	fs.StringVar(&ws.remote.ca, "state-ca", os.Getenv("NATSPLAN_STATE_CA"), "CA file for a tls:// state URL (env NATSPLAN_STATE_CA)")
	fs.IntVar(&ws.remote.replicas, "state-replicas", replicasFromEnv(), "replicas of a state bucket created on first write (3 recommended for clusters)")
	fs.IntVar(&ws.remote.history, "state-history", intFromEnv("NATSPLAN_STATE_HISTORY", statekv.MaxHistory), "serials a state bucket created on first write keeps, 1 to 64, the most JetStream KV keeps (env NATSPLAN_STATE_HISTORY)")
	fs.DurationVar(&ws.remote.lockTTL, "lock-ttl", statekv.DefaultLockTTL, "how long the lock of a state bucket outlives a holder that died (1s to 2m)")
}

func replicasFromEnv() int {
	if n, err := strconv.Atoi(os.Getenv("NATSPLAN_STATE_REPLICAS")); err == nil {
		return n
	}
	return 1
}

// intFromEnv is the number in the environment variable name, def when it
// is unset, or -1 when it is not a number (which the option's own check
// then refuses, rather than silently using def).
func intFromEnv(name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return -1
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
	kv, err := openRemote(ws.statePath, ws.remote)
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	ws.store = kv
	return kv, true
}

func openRemote(url string, r remoteFlags) (*statekv.Store, error) {
	// 0 would mean the default to Open; on the command line it is refused.
	if err := statekv.CheckHistory(r.history); err != nil {
		return nil, err
	}
	return statekv.Open(url, statekv.Options{Creds: r.creds, CA: r.ca, Replicas: r.replicas, History: r.history, LockTTL: r.lockTTL})
}

// stateName is how messages name the state: its path or its URL without
// credentials.
func (ws *workspace) stateName() string {
	if ws.remoteState() {
		return statekv.Redact(ws.statePath)
	}
	return ws.statePath
}
