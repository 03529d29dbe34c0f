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

// createKeys generates a key for every entity the plan left pending, on
// all cores, and starts writing them to the keystore in the background:
// apply re-plans and signs meanwhile, and freshKeys.durable must return
// nil before any state that refers to them is written.
func createKeys(ctx context.Context, p *planner.Plan, st *state.State, ks *state.Keystore) (*freshKeys, error) {
	addrs := make([]string, 0, len(p.Pending))
	for _, addr := range p.Pending {
		addrs = append(addrs, addr)
	}
	sort.Strings(addrs)
	keys := make([]*state.NewKey, len(addrs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	for i, addr := range addrs {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			key, err := state.GenerateKey(prefixFor(addr))
			if err != nil {
				return fmt.Errorf("create key for %s: %w", addr, err)
			}
			keys[i] = key
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	f := &freshKeys{st: st, byAddr: map[string]*state.NewKey{}, byKey: map[string]*state.NewKey{}}
	for i, addr := range addrs {
		f.byAddr[addr], f.byKey[keys[i].Public] = keys[i], keys[i]
	}
	f.write(ctx, ks.Batch(), keys)
	return f, nil
}

// ioWorkers bounds key creation: each key is some CPU and a few file
// system calls, so a few more goroutines than cores keep both busy.
func ioWorkers() int { return 2 * workers() }

// prefixFor is the kind of key the entity at addr has; signing keys are
// operator or account keys like their owners.
func prefixFor(addr string) nkeys.PrefixByte { return lang.KeyPrefix(addr) }
