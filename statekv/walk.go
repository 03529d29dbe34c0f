package statekv

import (
	"context"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"
)

// shardsOf lists the shards h names, in order, and the shard each
// address belongs in: a format-2 head's tree is walked from its root
// (pages fetched once per Store), a format-1 head lists them itself.
func (st *Store) shardsOf(kv jetstream.KeyValue, h *head) ([]string, func(addr string) int, error) {
	if h.Format == legacyFormat {
		n := len(h.Shards)
		return h.Shards, func(addr string) int { return legacyShardOf(addr, n) }, nil
	}
	level := h.Root
	for l := pageLevels(h.LeafBits); l >= 1; l-- {
		pages, err := st.loadPages(kv, level)
		if err != nil {
			return nil, nil, err
		}
		next := make([]string, 0, len(level)<<pageBits)
		for _, k := range level {
			children, err := pageChildren(k, pages[k], l)
			if err != nil {
				return nil, nil, st.errorf("the state in %s: %w", st, err)
			}
			next = append(next, children...)
		}
		level = next
	}
	leaf := h.LeafBits
	return level, func(addr string) int { return leafOf(addr, leaf) }, nil
}

// reach marks in keep the pages and shards h names and returns the
// shards it marked. A node already in keep is skipped with all below it:
// a record's name is its content, so what it names was marked with it.
// Collecting over 64 heads that share all but a few nodes costs little
// more than over one.
func (st *Store) reach(kv jetstream.KeyValue, h *head, keep map[string]bool) ([]string, error) {
	level, levels := h.Root, pageLevels(h.LeafBits)
	if h.Format == legacyFormat {
		level, levels = h.Shards, 0
	}
	level = unmarked(level, keep)
	for l := levels; l >= 1 && len(level) > 0; l-- {
		pages, err := st.loadPages(kv, level)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, k := range level {
			children, err := pageChildren(k, pages[k], l)
			if err != nil {
				return nil, st.errorf("the state in %s: %w", st, err)
			}
			next = append(next, unmarked(children, keep)...)
		}
		level = next
	}
	return level, nil
}

// unmarked marks the keys not in keep and returns them.
func unmarked(keys []string, keep map[string]bool) []string {
	var out []string
	for _, k := range keys {
		if !keep[k] {
			keep[k] = true
			out = append(out, k)
		}
	}
	return out
}

// loadPages returns the pages keys name, fetching those not seen yet.
func (st *Store) loadPages(kv jetstream.KeyValue, keys []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	var missing []string
	st.mu.Lock()
	for _, k := range keys {
		if data, ok := st.pages[k]; ok {
			out[k] = data
		} else {
			missing = append(missing, k)
		}
	}
	st.mu.Unlock()
	got, err := st.fetch(kv, "p.>", missing)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, data := range got {
		st.pages[k] = data
		out[k] = data
	}
	return out, nil
}

// fetch gets the records keys name, each checked against its name: with
// one watch of filter when there are more than watchOver (one request a
// record costs a second at 30,000 records; a watch streams them), and
// one by one for those the watch did not bring, or for a user who may
// not create the watch's consumer.
func (st *Store) fetch(kv jetstream.KeyValue, filter string, keys []string) (map[string][]byte, error) {
	need := make(map[string]bool, len(keys))
	for _, k := range keys {
		need[k] = true
	}
	got := map[string][]byte{}
	if len(need) > watchOver {
		got, _ = st.watchRecords(kv, filter, need)
	}
	var missing []string
	for k := range need {
		if _, ok := got[k]; !ok {
			missing = append(missing, k)
		}
	}
	data := make([][]byte, len(missing))
	var g errgroup.Group
	g.SetLimit(fetchers)
	for i, k := range missing {
		g.Go(func() (err error) {
			data[i], err = st.getRecord(kv, k)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, k := range missing {
		got[k] = data[i]
	}
	return got, nil
}

// watchOver is how many records a read fetches one by one at most.
const watchOver = 256

// watchRecords reads the latest value of every record filter matches
// with one watch, keeping those in need whose content is what their name
// says. (The bucket holds records of earlier serials too, which it
// skips.)
func (st *Store) watchRecords(kv jetstream.KeyValue, filter string, need map[string]bool) (map[string][]byte, error) {
	ctx, cancel := context.WithTimeout(st.noWatch, st.opt.Timeout+time.Duration(len(need))*time.Millisecond)
	defer cancel()
	w, err := kv.Watch(ctx, filter, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, st.errorf("reading the state in %s: %w", st, err)
	}
	defer w.Stop()
	got := make(map[string][]byte, len(need))
	for {
		select {
		case e := <-w.Updates():
			if e == nil { // all current values delivered
				return got, nil
			}
			if need[e.Key()] && checkRecord(e.Key(), e.Value()) == nil {
				got[e.Key()] = e.Value()
			}
		case <-ctx.Done():
			return nil, st.errorf("reading the state in %s: %w", st, st.cause(ctx.Err()))
		}
	}
}
