package statekv

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"

	"github.com/natsplan/natsplan/state"
)

// fetchers is how many records a read fetches at once.
const fetchers = 32

// Read returns the state head names, with every JWT. A bucket or a head
// that does not exist yet is an empty state with serial 0, like a
// missing file.
func (st *Store) Read() (*state.State, error) { return st.read(false) }

// ReadLazy is Read without fetching the JWTs: each is fetched when
// LoadJWT asks for it, which a plan with no changes never does.
func (st *Store) ReadLazy() (*state.State, error) { return st.read(true) }

func (st *Store) read(lazy bool) (*state.State, error) {
	kv, err := st.bucket(false)
	if err != nil || kv == nil {
		return emptyState(), err
	}
	h, _, err := st.getHead(kv)
	if err != nil || h == nil {
		return emptyState(), err
	}
	return st.fromHead(kv, h, lazy)
}

func emptyState() *state.State {
	return &state.State{Version: state.FormatVersion, Resources: map[string]*state.Resource{}}
}

// getHead reads the current head and its revision, from the stream's
// leader (leader.go); nil if there is none.
func (st *Store) getHead(kv jetstream.KeyValue) (*head, uint64, error) {
	ctx, cancel := st.ctx()
	defer cancel()
	e, err := st.getLatest(ctx, headKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, 0, nil
	}
	if err = st.cause(err); err != nil {
		return nil, 0, st.errorf("reading the state head in %s: %w", st, err)
	}
	h, err := st.decodeHead(e.value)
	return h, e.revision, err
}

func (st *Store) decodeHead(data []byte) (*head, error) {
	var h head
	if err := decodeStrict(data, &h); err != nil {
		return nil, st.errorf("the state head in %s does not decode: %w", st, err)
	}
	if err := h.check(); err != nil {
		return nil, st.errorf("the state head in %s: %w", st, err)
	}
	return &h, nil
}

// fromHead builds the state h names, checking that every resource is in
// the shard its address belongs to and in no other.
func (st *Store) fromHead(kv jetstream.KeyValue, h *head, lazy bool) (*state.State, error) {
	keys, place, err := st.shardsOf(kv, h)
	if err != nil {
		return nil, err
	}
	shards, err := st.loadShards(kv, keys, h)
	if err != nil {
		return nil, err
	}
	s := &state.State{Version: h.Version, Lineage: h.Lineage, Serial: h.Serial,
		NatsplanVersion: h.NatsplanVersion, Resources: map[string]*state.Resource{}}
	jwtKeys := map[string]string{}
	for i, sh := range shards {
		for addr, e := range sh.Resources {
			if e == nil || e.Resource == nil {
				return nil, st.errorf("the state in %s: resource %q is null", st, addr)
			}
			if place(addr) != i {
				return nil, st.errorf("the state in %s: resource %q is in shard %s, not the one its address belongs to", st, addr, keys[i])
			}
			r := e.Resource
			s.Resources[addr] = r
			jwtKeys[addr] = e.JWTRecord
		}
	}
	if lazy {
		for addr, key := range jwtKeys {
			s.SetLazyJWT(s.Resources[addr], func() (string, error) { return st.getJWT(kv, key, addr) })
		}
		return s, nil
	}
	return s, st.loadJWTs(kv, s, jwtKeys)
}

// loadShards fetches and decodes the shards of h, in order. Shards with
// the same content (the empty ones) are one record, fetched and decoded
// once; a shard named at two places holds resources that belong in at
// most one of them, which fromHead refuses.
func (st *Store) loadShards(kv jetstream.KeyValue, keys []string, h *head) ([]*shard, error) {
	got, err := st.fetch(kv, "s.>", keys)
	if err != nil {
		return nil, err
	}
	decoded := make(map[string]*shard, len(got))
	for k := range got {
		decoded[k] = nil
	}
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for k, data := range got {
		g.Go(func() error {
			sh, err := decodeShard(data, h.Format, h.Lineage)
			if err != nil {
				return st.errorf("the state in %s: shard %s does not decode: %w", st, k, err)
			}
			mu.Lock()
			decoded[k] = sh
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]*shard, len(keys))
	for i, k := range keys {
		out[i] = decoded[k]
	}
	for k, sh := range decoded {
		st.remember(k, sh)
	}
	return out, nil
}

// loadJWTs fetches every resource's JWT into it: with one watch when
// there are many (see fetch), one by one for those it did not bring,
// naming the resource whose JWT is missing or damaged.
func (st *Store) loadJWTs(kv jetstream.KeyValue, s *state.State, keys map[string]string) error {
	var got map[string][]byte
	if len(keys) > watchOver {
		need := make(map[string]bool, len(keys))
		for _, k := range keys {
			need[k] = true
		}
		got, _ = st.watchRecords(kv, "j.>", need)
	}
	var g errgroup.Group
	g.SetLimit(fetchers)
	for addr, r := range s.Resources {
		if data, ok := got[keys[addr]]; ok {
			r.JWT = string(data)
			continue
		}
		g.Go(func() error {
			jwt, err := st.getJWT(kv, keys[addr], addr)
			r.JWT = jwt
			return err
		})
	}
	return g.Wait()
}

func (st *Store) getJWT(kv jetstream.KeyValue, key, addr string) (string, error) {
	data, err := st.getRecord(kv, key)
	if err != nil {
		return "", fmt.Errorf("the JWT of %s: %w", addr, err)
	}
	return string(data), nil
}

// getRecord fetches a content-addressed record and checks its content:
// from any replica, or from the leader when the replica that answered
// does not have it yet.
func (st *Store) getRecord(kv jetstream.KeyValue, key string) ([]byte, error) {
	ctx, cancel := st.ctx()
	defer cancel()
	var value []byte
	e, err := kv.Get(ctx, key)
	if err == nil {
		value = e.Value()
	} else if errors.Is(err, jetstream.ErrKeyNotFound) {
		var le *leaderEntry
		if le, err = st.getLatest(ctx, key); err == nil {
			value = le.value
		}
	}
	if err != nil {
		return nil, st.errorf("the state in %s: reading record %q: %w", st, key, err)
	}
	if err := checkRecord(key, value); err != nil {
		return nil, st.errorf("the state in %s: %w", st, err)
	}
	return value, nil
}

// remember notes the JWT records a shard names, so that a write knows
// which records exist already.
func (st *Store) remember(key string, sh *shard) {
	jwts := make([]string, 0, len(sh.Resources))
	for _, e := range sh.Resources {
		if e != nil {
			jwts = append(jwts, e.JWTRecord)
		}
	}
	st.mu.Lock()
	st.known[key] = jwts
	st.mu.Unlock()
}
