package statekv

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/state"
)

// lockPoll is how often a waiting Lock tries again.
const lockPoll = 250 * time.Millisecond

// heldLock is the lock a Store holds, renewed until released.
type heldLock struct {
	st   *Store
	kv   jetstream.KeyValue
	info state.LockInfo
	data []byte

	mu      sync.Mutex
	rev     uint64 // of the lock key, after the last renewal
	lost    error  // why the lock is no longer ours, if it is not
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// Lock creates the lock key with compare-and-set (it must not exist) and
// a per-key TTL, and keeps it alive until the lock is released. A busy
// lock is retried every 250ms until timeout; then it is a
// *state.LockedError naming the holder.
func (st *Store) Lock(ctx context.Context, timeout time.Duration, operation string) (*state.HeldLock, error) {
	kv, err := st.writable()
	if err != nil {
		return nil, err
	}
	info := state.NewLockInfo(operation)
	data, _ := json.Marshal(&info)
	start := time.Now()
	for {
		rev, err := st.tryLock(kv, data)
		err = st.cause(err)
		if err == nil {
			return st.took(kv, info, data, rev)
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return nil, st.errorf("taking the state lock in %s: %w (may the state user write the bucket?); nothing was written", st, err)
		}
		holder, _ := st.Holder()
		waited := time.Since(start)
		lerr := &state.LockedError{Path: st.String(), Holder: holder, Waited: waited}
		if waited >= timeout {
			return nil, lerr
		}
		select {
		case <-ctx.Done():
			return nil, errors.Join(lerr, ctx.Err())
		case <-time.After(min(lockPoll, timeout-waited)):
		}
	}
}

func (st *Store) tryLock(kv jetstream.KeyValue, data []byte) (uint64, error) {
	ctx, cancel := st.ctx()
	defer cancel()
	return kv.Create(ctx, lockKey, data, jetstream.KeyTTL(st.opt.LockTTL))
}

// took records the holder (lock-holder, without TTL), reports the record
// a dead holder left there, and starts renewing the lock.
func (st *Store) took(kv jetstream.KeyValue, info state.LockInfo, data []byte, rev uint64) (*state.HeldLock, error) {
	ctx, cancel := st.ctx()
	defer cancel()
	var stale *state.LockInfo
	if e, err := st.getLatest(ctx, lockHolderKey); err == nil {
		if stale = state.ParseLockInfo(e.value); stale == nil {
			stale = &state.LockInfo{}
		}
	}
	h := &heldLock{st: st, kv: kv, info: info, data: data, rev: rev,
		stop: make(chan struct{}), stopped: make(chan struct{})}
	if _, err := kv.Put(ctx, lockHolderKey, data); err != nil {
		h.delete(lockKey, rev)
		return nil, st.errorf("recording the state lock holder in %s: %w; nothing was written", st, err)
	}
	go h.keepAlive()
	st.mu.Lock()
	st.held = h
	st.mu.Unlock()
	return state.RemoteLock(st.String(), info, stale, h.release), nil
}

// keepAlive re-publishes the lock record, with a fresh TTL, every third
// of the TTL. A renewal that fails marks the lock lost: Write refuses.
func (h *heldLock) keepAlive() {
	defer close(h.stopped)
	t := time.NewTicker(h.st.opt.LockTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
			if err := h.renew(); err != nil {
				h.mu.Lock()
				h.lost = err
				h.mu.Unlock()
				return
			}
		}
	}
}

func (h *heldLock) renew() error {
	ctx, cancel := h.st.ctx()
	defer cancel()
	h.mu.Lock()
	rev := h.rev
	h.mu.Unlock()
	m := &nats.Msg{Subject: "$KV." + h.st.spec.Bucket + "." + lockKey, Data: h.data}
	ack, err := h.st.js.PublishMsg(ctx, m, jetstream.WithExpectLastSequencePerSubject(rev), jetstream.WithMsgTTL(h.st.opt.LockTTL))
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.rev = ack.Sequence
	h.mu.Unlock()
	return nil
}

// release stops the renewals and deletes the lock and its holder record
// (each only if it is still ours).
func (h *heldLock) release() error {
	var err error
	h.once.Do(func() {
		close(h.stop)
		<-h.stopped
		h.mu.Lock()
		rev := h.rev
		h.mu.Unlock()
		h.deleteHolder()
		err = h.delete(lockKey, rev)
		h.st.mu.Lock()
		h.st.held = nil
		h.st.mu.Unlock()
	})
	return err
}

func (h *heldLock) deleteHolder() {
	ctx, cancel := h.st.ctx()
	defer cancel()
	if e, err := h.st.getLatest(ctx, lockHolderKey); err == nil && string(e.value) == string(h.data) {
		h.kv.Delete(ctx, lockHolderKey, jetstream.LastRevision(e.revision))
	}
}

func (h *heldLock) delete(key string, rev uint64) error {
	ctx, cancel := h.st.ctx()
	defer cancel()
	if err := h.kv.Delete(ctx, key, jetstream.LastRevision(rev)); err != nil && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return h.st.errorf("releasing the state lock in %s: %w", h.st, err)
	}
	return nil
}

// holderInfo is the record of the lock this Store holds, for head.
func (st *Store) holderInfo() *state.LockInfo {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.held == nil {
		return nil
	}
	info := st.held.info
	return &info
}

// stillHeld refuses a write when this Store took the lock and it is no
// longer its own: renewing failed, or the record there is another's.
func (st *Store) stillHeld(kv jetstream.KeyValue) error {
	st.mu.Lock()
	h := st.held
	st.mu.Unlock()
	if h == nil {
		return nil
	}
	h.mu.Lock()
	lost := h.lost
	h.mu.Unlock()
	if lost == nil {
		cur, err := st.Holder()
		if err != nil {
			return st.errorf("checking that this run still holds the state lock in %s: %w; nothing was committed", st, err)
		}
		if cur == nil || cur.ID != h.info.ID {
			lost = errors.New("the lock record there is not this run's")
		}
	}
	if lost != nil {
		return st.errorf("the state lock in %s was lost (it expired or was force-unlocked: %v); nothing was committed, run plan again", st, lost)
	}
	return nil
}

// Holder is the current lock record, nil when the state is not locked.
func (st *Store) Holder() (*state.LockInfo, error) {
	kv, err := st.bucket(false)
	if err != nil || kv == nil {
		return nil, err
	}
	ctx, cancel := st.ctx()
	defer cancel()
	e, err := st.getLatest(ctx, lockKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err = st.cause(err); err != nil {
		return nil, st.errorf("reading the state lock in %s: %w", st, err)
	}
	if info := state.ParseLockInfo(e.value); info != nil {
		return info, nil
	}
	return &state.LockInfo{}, nil
}

// ForceUnlock deletes the lock if its record has the given id.
func (st *Store) ForceUnlock(id string) error {
	kv, err := st.bucket(false)
	if err != nil {
		return err
	}
	if kv == nil {
		return st.errorf("the state in %s is not locked (the bucket does not exist)", st)
	}
	ctx, cancel := st.ctx()
	defer cancel()
	e, err := st.getLatest(ctx, lockKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return st.errorf("the state in %s is not locked", st)
	}
	if err = st.cause(err); err != nil {
		return st.errorf("reading the state lock in %s: %w", st, err)
	}
	info := state.ParseLockInfo(e.value)
	if info == nil || info.ID != id {
		held := "no readable record"
		if info != nil {
			held = "id " + info.ID + ", held by " + info.String()
		}
		return st.errorf("lock id mismatch: the lock on %s has %s, not %s", st, held, id)
	}
	if err := kv.Delete(ctx, lockKey, jetstream.LastRevision(e.revision)); err != nil {
		return st.errorf("removing the state lock in %s: %w", st, err)
	}
	return nil
}
