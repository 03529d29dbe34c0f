package statekv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/internal/buildinfo"
	"github.com/natsplan/natsplan/state"
)

// Write stores s as serial s.Serial+1 (see the package comment for the
// protocol) and updates s. It refuses, having written nothing, what the
// file's Write refuses: another lineage, a state older than the
// bucket's, a lazy state, a seed. It also refuses when the lock this
// Store took was lost (expired or force-unlocked).
func (st *Store) Write(s *state.State) error {
	if err := st.write(s, false); err != nil {
		return err
	}
	state.Written(s, true)
	return nil
}

// Replace stores s with its own lineage and serial, whatever head names
// now: state push -force and state migrate. The previous heads stay in
// the bucket's history.
func (st *Store) Replace(s *state.State) error {
	if s.Lineage == "" {
		return st.errorf("refusing to write the state to %s: it has no lineage", st)
	}
	return st.write(s, true)
}

func (st *Store) write(s *state.State, force bool) error {
	if err := state.CheckWritable(s); err != nil {
		return err
	}
	kv, err := st.writable()
	if err != nil {
		return err
	}
	if err := st.stillHeld(kv); err != nil {
		return err
	}
	cur, rev, err := st.getHead(kv)
	if err != nil {
		return err
	}
	serial := s.Serial
	if !force {
		if err := st.mayReplace(cur, s); err != nil {
			return err
		}
		serial++
	}
	existing, err := st.existing(kv, cur)
	if err != nil {
		return err
	}
	h, records, err := st.layout(s, cur, serial)
	if err != nil {
		return err
	}
	if err := st.putRecords(records, existing); err != nil {
		return err
	}
	if err := st.commit(kv, h, rev); err != nil {
		return err
	}
	if err := st.collect(kv, h); err != nil && st.opt.Warn != nil {
		st.opt.Warn(err.Error() + " (serial " + strconv.FormatUint(serial, 10) + " is committed; the old records stay until a later apply removes them)")
	}
	return nil
}

// mayReplace applies the file's checks: same lineage, not older.
func (st *Store) mayReplace(cur *head, s *state.State) error {
	lineage := state.Written(s, false)
	if cur == nil {
		return nil
	}
	if cur.Lineage != lineage {
		return st.errorf("refusing to overwrite the state in %s: it has lineage %s, the state being written has %s (they are different states)", st, cur.Lineage, lineage)
	}
	if cur.Serial > s.Serial {
		return st.errorf("refusing to overwrite the state in %s: it is at serial %d but the state being written was read at serial %d; another run changed it, run plan again", st, cur.Serial, s.Serial)
	}
	return nil
}

// existing is the set of records cur names: its pages, its shards and
// their JWT records, reading the pages and shards this Store has not
// seen.
func (st *Store) existing(kv jetstream.KeyValue, cur *head) (map[string]bool, error) {
	out := map[string]bool{}
	if cur == nil {
		return out, nil
	}
	shards, err := st.reach(kv, cur, out)
	if err != nil {
		return nil, err
	}
	if err := st.knowShards(kv, shards, cur); err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, k := range shards {
		for _, j := range st.known[k] {
			out[j] = true
		}
	}
	return out, nil
}

// knowShards reads the shards of h this Store has not seen, to learn
// which JWT records they name.
func (st *Store) knowShards(kv jetstream.KeyValue, keys []string, h *head) error {
	var missing []string
	st.mu.Lock()
	for _, k := range keys {
		if _, ok := st.known[k]; !ok {
			missing = append(missing, k)
		}
	}
	st.mu.Unlock()
	_, err := st.loadShards(kv, missing, h)
	return err
}

// layout builds the head of s's next serial and the records it names.
// Shards too big for a message double their number.
func (st *Store) layout(s *state.State, cur *head, serial uint64) (*head, map[string][]byte, error) {
	limit := int(st.nc.MaxPayload()) - 1024 // room for subject and headers
	records := map[string][]byte{}
	jwtKey := make(map[string]string, len(s.Resources))
	for addr, r := range s.Resources {
		if len(r.JWT) > limit {
			return nil, nil, st.errorf("the JWT of %s is %d bytes, more than the state servers' max_payload allows (%d); nothing was written", addr, len(r.JWT), limit)
		}
		k := recordKey("j", []byte(r.JWT))
		records[k], jwtKey[addr] = []byte(r.JWT), k
	}
	prev := 0
	if cur != nil && cur.Format == headFormat {
		prev = cur.LeafBits
	}
	for b := leafBits(len(s.Resources), prev); ; b++ {
		keys, shards, fits := buildShards(s, jwtKey, b, limit)
		if !fits && b < maxBits && 1<<b < len(s.Resources) {
			continue
		}
		if !fits {
			return nil, nil, st.errorf("a resource of the state is larger than the state servers' max_payload allows (%d); nothing was written", limit)
		}
		root, pages, err := buildTree(keys, b)
		if err != nil {
			return nil, nil, err
		}
		st.rememberShards(shards)
		st.rememberPages(pages)
		for k, sh := range shards {
			records[k] = sh.data
		}
		for k, page := range pages {
			records[k] = page
		}
		h := &head{Format: headFormat, Version: state.FormatVersion, Lineage: s.Lineage,
			Serial: serial, NatsplanVersion: buildinfo.Version(),
			Written: time.Now().UTC().Truncate(time.Second), By: st.holderInfo(), LeafBits: b, Root: root}
		return h, records, nil
	}
}

// builtShard is a shard record about to be written.
type builtShard struct {
	data []byte
	jwts []string // the JWT records it names
}

// buildShards encodes s's resources into 2^b shards: the key of each, in
// order, and the records (one for shards with the same content); fits
// is false when one is over limit bytes.
func buildShards(s *state.State, jwtKey map[string]string, b, limit int) ([]string, map[string]*builtShard, bool) {
	parts := make([]map[string]*state.Resource, 1<<b)
	for addr, r := range s.Resources {
		i := leafOf(addr, b)
		if parts[i] == nil {
			parts[i] = map[string]*state.Resource{}
		}
		ref := *r
		ref.JWT = jwtKey[addr]
		parts[i][addr] = &ref
	}
	keys := make([]string, len(parts))
	out := map[string]*builtShard{}
	for i, part := range parts {
		data := encodeShard(s.Lineage, part)
		if len(data) > limit {
			return nil, nil, false
		}
		keys[i] = recordKey("s", data)
		if _, ok := out[keys[i]]; !ok {
			jwts := make([]string, 0, len(part))
			for _, r := range part {
				jwts = append(jwts, r.JWT)
			}
			out[keys[i]] = &builtShard{data: data, jwts: jwts}
		}
	}
	return keys, out, true
}

// buildTree builds the pages above the shards of b leaf bits: head's
// root and the page records.
func buildTree(shards []string, b int) ([]string, map[string][]byte, error) {
	level, pages := shards, map[string][]byte{}
	for range pageLevels(b) {
		up, more, err := buildPages(level)
		if err != nil {
			return nil, nil, err
		}
		for k, p := range more {
			pages[k] = p
		}
		level = up
	}
	return level, pages, nil
}

// rememberShards notes the JWT records of shards about to be written.
func (st *Store) rememberShards(shards map[string]*builtShard) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, sh := range shards {
		st.known[k] = sh.jwts
	}
}

// rememberPages keeps the pages about to be written.
func (st *Store) rememberPages(pages map[string][]byte) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, p := range pages {
		st.pages[k] = p
	}
}

// commit makes h the head with one compare-and-set on rev, the head
// revision the checks were made against. When the answer is lost, it
// reads the head back: the commit happened or it did not.
func (st *Store) commit(kv jetstream.KeyValue, h *head, rev uint64) error {
	data, _ := json.Marshal(h)
	if len(data) > int(st.nc.MaxPayload())-1024 {
		return st.errorf("the state head would be %d bytes, more than the state servers' max_payload allows; nothing was committed", len(data))
	}
	ctx, cancel := st.ctx()
	defer cancel()
	var err error
	if rev == 0 {
		_, err = kv.Create(ctx, headKey, data)
	} else {
		_, err = kv.Update(ctx, headKey, data, rev)
	}
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return st.errorf("another run wrote the state in %s meanwhile; nothing was committed, run plan again", st)
	}
	if err = st.cause(err); err != nil {
		if st.committed(kv, data) {
			return nil
		}
		return st.errorf("committing the state to %s: %w; nothing was committed, the state there is as it was", st, err)
	}
	return nil
}

// committed reports whether head holds data now.
func (st *Store) committed(kv jetstream.KeyValue, data []byte) bool {
	ctx, cancel := context.WithTimeout(context.Background(), st.opt.Timeout)
	defer cancel()
	e, err := st.getLatest(ctx, headKey)
	return err == nil && bytes.Equal(e.value, data)
}
