package apply

import (
	"context"
	"fmt"
	"sort"

	"github.com/nats-io/nkeys"
	"golang.org/x/sync/errgroup"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// createKeys provides a key for every entity the plan left pending: the
// key the KeyMaker made for it before planning, or else a new one
// (generated on all cores), and starts storing them. freshKeys.durable
// must return nil before any state that refers to them is written.
func createKeys(ctx context.Context, p *planner.Plan, st *state.State, ks *state.Keystore, made *KeyMaker) (*freshKeys, error) {
	type pending struct{ key, addr string }
	list := make([]pending, 0, len(p.Pending))
	for key, addr := range p.Pending {
		list = append(list, pending{key, addr})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].addr < list[j].addr })
	keys := make([]*state.NewKey, len(list))
	generated := make([]bool, len(list))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	for i, pk := range list {
		if k, ok := made.take(pk.key); ok {
			keys[i] = k
			continue
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			key, err := state.GenerateKey(prefixFor(pk.addr))
			if err != nil {
				return fmt.Errorf("create key for %s: %w", pk.addr, err)
			}
			keys[i], generated[i] = key, true
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	f := &freshKeys{st: st, byAddr: map[string]*state.NewKey{}, byKey: map[string]*state.NewKey{},
		keys: keys, batch: ks.Batch()}
	for i, pk := range list {
		f.byAddr[pk.addr], f.byKey[keys[i].Public] = keys[i], keys[i]
		f.placeholders = f.placeholders || generated[i]
	}
	f.store()
	return f, nil
}

// prefixFor is the kind of key the entity at addr has; signing keys are
// operator or account keys like their owners.
func prefixFor(addr string) nkeys.PrefixByte { return lang.KeyPrefix(addr) }
