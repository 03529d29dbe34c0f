package statekv

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/state"
)

// Options are the settings of a Store beside its URL.
type Options struct {
	Creds    string        // a creds file for the bucket user
	CA       string        // a CA file for tls://
	Replicas int           // of a bucket created on first write; 1 if 0
	History  int           // serials a bucket created on first write keeps; MaxHistory if 0
	LockTTL  time.Duration // lifetime of an unrenewed lock; DefaultLockTTL if 0
	Timeout  time.Duration // of each request; 10s if 0
	// Warn is told what went wrong after a commit (removing old
	// records), which does not undo it; nil: not told.
	Warn func(msg string)
}

// Settings of the bucket and the lock.
const (
	DefaultLockTTL = time.Minute
	MaxLockTTL     = 2 * time.Minute
	// MaxHistory is the most revisions of a key (so serials, revisions
	// of head) JetStream KV keeps, and the default.
	MaxHistory = 64
	// markerTTL is how long the bucket keeps the marker of an expired
	// lock. The server raises every per-key TTL to at least this, so it
	// is the shortest it may be.
	markerTTL = time.Second
)

// CheckHistory refuses a history (-state-history) a bucket cannot keep.
func CheckHistory(n int) error {
	if n < 1 || n > MaxHistory {
		return fmt.Errorf("-state-history (or NATSPLAN_STATE_HISTORY) %d: a state bucket keeps 1 to %d serials (JetStream KV keeps at most %d revisions of a key)", n, MaxHistory, MaxHistory)
	}
	return nil
}

// Store is a state kept in a JetStream key-value bucket.
type Store struct {
	spec Spec
	opt  Options
	nc   *nats.Conn
	js   jetstream.JetStream
	// denied ends every request once the server refused this user a
	// write (a permissions violation arrives apart from the request,
	// which would otherwise wait for its timeout).
	denied context.Context
	deny   context.CancelCauseFunc
	// noWatch ends the watches once the server refused this user the
	// consumer a watch needs: reads go on record by record.
	noWatch   context.Context
	denyWatch context.CancelCauseFunc
	// noPurge ends the removal of old records once the server refused
	// this user the purge it needs: the commit stands, they stay.
	noPurge   context.Context
	denyPurge context.CancelCauseFunc

	mu    sync.Mutex
	kv    jetstream.KeyValue  // nil until the bucket is known to exist
	known map[string][]string // shard key -> the JWT records it names, of shards read or written
	pages map[string][]byte   // page key -> the page, of pages read or written
	held  *heldLock           // the lock this Store holds, if any
}

var _ state.Backend = (*Store)(nil)

// Open connects to the servers of a state URL. It writes nothing.
func Open(url string, opt Options) (*Store, error) {
	sp, err := Parse(url)
	if err != nil {
		return nil, err
	}
	if opt.Replicas == 0 {
		opt.Replicas = 1
	}
	if opt.LockTTL == 0 {
		opt.LockTTL = DefaultLockTTL
	}
	if opt.History == 0 {
		opt.History = MaxHistory
	}
	if err := CheckHistory(opt.History); err != nil {
		return nil, err
	}
	if opt.LockTTL < time.Second || opt.LockTTL > MaxLockTTL {
		return nil, fmt.Errorf("-lock-ttl %s: must be between 1s and %s", opt.LockTTL, MaxLockTTL)
	}
	if opt.Timeout == 0 {
		opt.Timeout = 10 * time.Second
	}
	st := &Store{spec: sp, opt: opt, known: map[string][]string{}, pages: map[string][]byte{}}
	st.denied, st.deny = context.WithCancelCause(context.Background())
	st.noWatch, st.denyWatch = context.WithCancelCause(st.denied)
	st.noPurge, st.denyPurge = context.WithCancelCause(st.denied)
	nc, err := nats.Connect(sp.servers(), st.connectOptions()...)
	if err != nil {
		return nil, st.errorf("connecting to the state servers %s: %w", strings.Join(sp.Hosts, ","), err)
	}
	st.nc = nc
	if st.js, err = jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4*publishBatch)); err != nil {
		nc.Close()
		return nil, st.errorf("state servers: %w", err)
	}
	return st, nil
}

func (st *Store) connectOptions() []nats.Option {
	opts := []nats.Option{nats.Name("natsplan state"), nats.Timeout(st.opt.Timeout), nats.NoReconnect(),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			if writeDenied(err) {
				st.deny(err)
			}
			if errors.Is(err, nats.ErrPermissionViolation) && strings.Contains(err.Error(), `Publish to "$JS.API.CONSUMER.`) {
				st.denyWatch(err)
			}
			if errors.Is(err, nats.ErrPermissionViolation) && strings.Contains(err.Error(), `Publish to "$JS.API.STREAM.PURGE.`) {
				st.denyPurge(err)
			}
		})}
	switch {
	case st.spec.Token != "":
		opts = append(opts, nats.Token(st.spec.Token))
	case st.spec.User != "":
		opts = append(opts, nats.UserInfo(st.spec.User, st.spec.Password))
	}
	if st.opt.Creds != "" {
		opts = append(opts, nats.UserCredentials(st.opt.Creds))
	}
	if st.spec.Scheme == "tls" {
		opts = append(opts, nats.Secure())
	}
	if st.opt.CA != "" {
		opts = append(opts, nats.RootCAs(st.opt.CA))
	}
	return opts
}

// writeDenied reports whether err is the server refusing a write to the
// bucket or its creation. Other refusals (a watch the user may not make,
// say) leave the reads that have another way to go on.
func writeDenied(err error) bool {
	if !errors.Is(err, nats.ErrPermissionViolation) {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, `Publish to "$KV.`) || strings.Contains(msg, `Publish to "$JS.API.STREAM.CREATE.`)
}

// Close releases the connection (and the lock, if still held).
func (st *Store) Close() {
	if st.held != nil {
		st.held.release()
	}
	st.nc.Close()
}

func (st *Store) String() string { return st.spec.String() }

// errorf is fmt.Errorf with the URL's credentials removed from the text
// (none is ever put there: they go to the server as options; this is the
// net under that) and the permissions violation, if one ended a request.
func (st *Store) errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	if c := context.Cause(st.denied); c != nil && !errors.Is(err, c) {
		err = fmt.Errorf("%w [%w]", err, c)
	}
	msg := err.Error()
	redacted := msg
	for _, s := range st.spec.secrets() {
		if len(s) >= minRedacted {
			redacted = strings.ReplaceAll(redacted, s, "REDACTED")
		}
	}
	if redacted != msg {
		return errors.New(redacted)
	}
	return err
}

// minRedacted is the shortest secret errorf looks for: a shorter one
// would blank out ordinary words of the message.
const minRedacted = 4

func (st *Store) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(st.denied, st.opt.Timeout)
}

// cause is err, or the permissions violation that ended its request.
func (st *Store) cause(err error) error {
	if c := context.Cause(st.denied); c != nil && err != nil {
		return c
	}
	return err
}

// bucket returns the bucket, nil when it does not exist and create is
// false. With create it is made (Options.History, per-key TTL, Replicas), or the
// error says that it must exist and how to make it.
func (st *Store) bucket(create bool) (jetstream.KeyValue, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.kv != nil {
		return st.kv, nil
	}
	ctx, cancel := st.ctx()
	defer cancel()
	kv, err := st.js.KeyValue(ctx, st.spec.Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) && create {
		kv, err = st.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket: st.spec.Bucket, Description: "natsplan state",
			History: uint8(st.opt.History), Replicas: st.opt.Replicas, LimitMarkerTTL: markerTTL,
		})
		if err = st.cause(err); err != nil {
			return nil, st.errorf("the state bucket %q does not exist on %s and could not be created (%w). Create it (history %d or less, per-key TTL allowed with a limit marker TTL of 1s, the replicas you want), or let the state user create streams; nothing was written",
				st.spec.Bucket, st, err, st.opt.History)
		}
	}
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, st.errorf("opening the state bucket %s: %w", st, err)
	}
	st.kv = kv
	return kv, nil
}

// writable checks, before anything is written, that the server and the
// bucket can hold a lock that expires by itself.
func (st *Store) writable() (jetstream.KeyValue, error) {
	if !st.nc.IsConnected() {
		// A closed connection has no server version to check either.
		return nil, st.errorf("the connection to the state servers %s was lost (%v); nothing was written", st, st.nc.Status())
	}
	if v := st.nc.ConnectedServerVersion(); !atLeast(v, 2, 11) {
		return nil, st.errorf("the state servers %s run nats-server %s; keeping the state there needs 2.11 or later (per-key TTL, for a lock that expires when its holder dies). Nothing was written; plan and other reads work with 2.10", st, v)
	}
	kv, err := st.bucket(true)
	if err != nil {
		return nil, err
	}
	ctx, cancel := st.ctx()
	defer cancel()
	status, err := kv.Status(ctx)
	if err != nil {
		return nil, st.errorf("reading the state bucket %s: %w", st, err)
	}
	if s, ok := status.(*jetstream.KeyValueBucketStatus); ok {
		if s.LimitMarkerTTL() == 0 {
			return nil, st.errorf("the state bucket %s does not allow per-key TTL, which its lock needs; recreate it with limit markers enabled (nothing was written)", st)
		}
		if s.LimitMarkerTTL() > st.opt.LockTTL {
			return nil, st.errorf("the state bucket %s keeps limit markers for %s, longer than the lock TTL %s, and the server would make every lock live that long; recreate it with a marker TTL of 1s (nothing was written)", st, s.LimitMarkerTTL(), st.opt.LockTTL)
		}
	}
	return kv, nil
}

// atLeast reports whether version v ("2.11.3") is major.minor or later.
func atLeast(v string, major, minor int) bool {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(strings.SplitN(parts[1], "-", 2)[0])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}
