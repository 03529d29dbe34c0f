package statekv

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// collect removes, after a commit, the page, shard and JWT records that no
// head the bucket still keeps names: those of serials that fell out of
// the history, and those of writes that never committed (an apply
// killed between its records and its head). Without it the bucket grows
// by every apply's records for ever.
//
// It runs only while this Store holds the lock, so that no other writer
// is between storing its records and committing the head that names
// them (it would skip a record it saw named and then find it gone). A
// reader of a kept head loses nothing; one still reading a head that has
// just fallen out of the history may find a record gone and is told so.
//
// A record is removed with a purge of its subject (no delete marker is
// left): the marker would itself grow the bucket, and a later write of
// the same content (a revert) stores it afresh only when the subject is
// empty (putRecords expects last sequence 0).
//
// The commit has happened whatever collect meets: its errors are warnings.
func (st *Store) collect(kv jetstream.KeyValue, committed *head) error {
	if st.held == nil {
		return nil
	}
	keep, err := st.referenced(kv, committed)
	if err != nil {
		return err
	}
	stale, err := st.unreferenced(kv, keep)
	if err != nil || len(stale) == 0 {
		return err
	}
	return st.purge(stale)
}

// referenced is the set of records the kept heads name, and the one just
// committed whatever the history read says (a lagging answer must not
// cost the new serial its records).
func (st *Store) referenced(kv jetstream.KeyValue, committed *head) (map[string]bool, error) {
	ctx, cancel := st.ctx()
	entries, err := kv.History(ctx, headKey)
	cancel()
	if err != nil {
		return nil, st.errorf("reading the history of the state in %s: %w", st, err)
	}
	heads := []*head{committed}
	for _, e := range entries {
		if e.Operation() != jetstream.KeyValuePut {
			continue
		}
		h, err := st.decodeHead(e.Value())
		if err != nil {
			return nil, err
		}
		heads = append(heads, h)
	}
	keep := map[string]bool{}
	var shards []string
	for _, h := range heads {
		more, err := st.reach(kv, h, keep)
		if err == nil {
			err = st.knowShards(kv, more, h)
		}
		if err != nil {
			return nil, err
		}
		shards = append(shards, more...)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, k := range shards {
		for _, j := range st.known[k] {
			keep[j] = true
		}
	}
	return keep, nil
}

// unreferenced lists the page, shard and JWT records of the bucket not
// in keep, with one watch of their metadata (no values are sent).
func (st *Store) unreferenced(kv jetstream.KeyValue, keep map[string]bool) ([]string, error) {
	ctx, cancel := context.WithTimeout(st.noWatch, st.opt.Timeout+time.Duration(len(keep))*time.Millisecond)
	defer cancel()
	w, err := kv.WatchFiltered(ctx, []string{"p.>", "s.>", "j.>"}, jetstream.IgnoreDeletes(), jetstream.MetaOnly())
	if err != nil {
		return nil, st.errorf("listing the records of the state in %s: %w", st, err)
	}
	defer w.Stop()
	var stale []string
	for {
		select {
		case e := <-w.Updates():
			if e == nil {
				return stale, nil
			}
			if !keep[e.Key()] {
				stale = append(stale, e.Key())
			}
		case <-ctx.Done():
			return nil, st.errorf("listing the records of the state in %s: %w", st, st.cause(ctx.Err()))
		}
	}
}

// purge removes every message of each record's subject.
func (st *Store) purge(keys []string) error {
	ctx, cancel := context.WithTimeout(st.noPurge, st.opt.Timeout)
	defer cancel()
	stream, err := st.js.Stream(ctx, "KV_"+st.spec.Bucket)
	if err != nil {
		return st.errorf("removing old records of the state in %s: %w", st, st.cause(err))
	}
	for _, k := range keys {
		err := stream.Purge(ctx, jetstream.WithPurgeSubject("$KV."+st.spec.Bucket+"."+k))
		if c := context.Cause(st.noPurge); c != nil {
			err = c
		}
		if err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return st.errorf("removing old records of the state in %s: %w", st, err)
		}
	}
	return nil
}
