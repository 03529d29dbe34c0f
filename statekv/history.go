package statekv

import (
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/state"
)

// Commit is one serial the bucket still holds.
type Commit struct {
	Serial   uint64
	Lineage  string
	Written  time.Time
	By       *state.LockInfo // the lock holder that wrote it, if it held one
	Revision uint64          // of head in the bucket
}

// History lists the serials the bucket keeps (the last Kept heads),
// oldest first.
func (st *Store) History() ([]Commit, error) {
	kv, err := st.bucket(false)
	if err != nil || kv == nil {
		return nil, err
	}
	ctx, cancel := st.ctx()
	defer cancel()
	entries, err := kv.History(ctx, headKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, st.errorf("reading the history of the state in %s: %w", st, err)
	}
	var out []Commit
	for _, e := range entries {
		if e.Operation() != jetstream.KeyValuePut {
			continue
		}
		h, err := st.decodeHead(e.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, Commit{Serial: h.Serial, Lineage: h.Lineage, Written: h.Written, By: h.By, Revision: e.Revision()})
	}
	return out, nil
}

// ReadSerial reads the state as it was at an earlier serial, while the
// bucket still keeps that head (the newest one with that serial).
func (st *Store) ReadSerial(serial uint64) (*state.State, error) {
	commits, err := st.History()
	if err != nil {
		return nil, err
	}
	for i := len(commits) - 1; i >= 0; i-- {
		if commits[i].Serial != serial {
			continue
		}
		kv, _ := st.bucket(false)
		ctx, cancel := st.ctx()
		e, err := st.getAt(ctx, commits[i].Revision)
		cancel()
		if err != nil {
			return nil, st.errorf("reading serial %d of the state in %s: %w", serial, st, err)
		}
		h, err := st.decodeHead(e.value)
		if err != nil {
			return nil, err
		}
		return st.fromHead(kv, h, false)
	}
	kept, err := st.Kept()
	if err != nil {
		return nil, err
	}
	return nil, st.errorf("the state in %s does not keep serial %d (it keeps the last %d serials; run natsplan state history)", st, serial, kept)
}

// Kept is how many serials the bucket keeps: its history per key, set
// when it was created (-state-history), or what a bucket created now
// would keep when there is none yet.
func (st *Store) Kept() (int, error) {
	kv, err := st.bucket(false)
	if err != nil || kv == nil {
		return st.opt.History, err
	}
	ctx, cancel := st.ctx()
	defer cancel()
	status, err := kv.Status(ctx)
	if err != nil {
		return 0, st.errorf("reading the state bucket %s: %w", st, err)
	}
	return int(status.History()), nil
}
