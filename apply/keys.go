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

// createKeys generates a key for every entity the plan left pending and
// makes all of them durable before returning, so that no state written
// later can refer to a key that is not on disk. Keys are generated on all
// cores and written as one batch with a single flush (state.KeyBatch).
func createKeys(ctx context.Context, p *planner.Plan, st *state.State, ks *state.Keystore) (func(string) (string, bool), int, error) {
	addrs := make([]string, 0, len(p.Pending))
	for _, addr := range p.Pending {
		addrs = append(addrs, addr)
	}
	sort.Strings(addrs)
	fresh := make([]string, len(addrs))
	batch := ks.Batch()
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(ioWorkers())
	for i, addr := range addrs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			key, err := state.GenerateKey(prefixFor(addr))
			if err != nil {
				return fmt.Errorf("create key for %s: %w", addr, err)
			}
			defer key.Wipe()
			if err := batch.Put(key); err != nil {
				return fmt.Errorf("store key for %s: %w", addr, err)
			}
			fresh[i] = key.Public
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, err
	}
	if err := batch.Commit(); err != nil {
		return nil, 0, fmt.Errorf("making the new keys durable: %w", err)
	}
	created := map[string]string{}
	for i, addr := range addrs {
		created[addr] = fresh[i]
	}
	return func(addr string) (string, bool) {
		if k, ok := created[addr]; ok {
			return k, true
		}
		if r := st.Get(addr); r != nil && r.PublicKey != "" {
			return r.PublicKey, true
		}
		return "", false
	}, len(created), nil
}

// ioWorkers bounds key creation: each key is some CPU and a few file
// system calls, so a few more goroutines than cores keep both busy.
func ioWorkers() int { return 2 * workers() }

// prefixFor is the kind of key the entity at addr has; signing keys are
// operator or account keys like their owners.
func prefixFor(addr string) nkeys.PrefixByte { return lang.KeyPrefix(addr) }
