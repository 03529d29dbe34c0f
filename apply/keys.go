package apply

import (
	"context"
	"fmt"
	"sort"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// createKeys provides a key for every entity the plan left pending: the
// key the KeyMaker made for it before planning, or else a new one, and
// starts storing them. freshKeys.durable must return nil before any state
// that refers to them is written. A custody that creates keys (a signer
// that said create:true) makes every key the KeyMaker did not: its seeds
// are born there and never reach this process or the keystore.
func createKeys(ctx context.Context, p *planner.Plan, st *state.State, opt Options, made *KeyMaker) (*freshKeys, error) {
	list := make([]pendingKey, 0, len(p.Pending))
	for key, addr := range p.Pending {
		list = append(list, pendingKey{key, addr})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].addr < list[j].addr })
	keys := make([]*state.NewKey, len(list))
	var missing []int // indexes of list with no key made before planning
	for i, pk := range list {
		if k, ok := made.take(pk.key); ok {
			keys[i] = k
		} else {
			missing = append(missing, i)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	addrs := addrsOf(list, missing)
	f := &freshKeys{st: st, byAddr: map[string]*state.NewKey{}, byKey: map[string]*state.NewKey{},
		remote: map[string]string{}, placeholders: len(missing) > 0}
	if creator, ok := custody.CreatorOf(opt.Custody); ok {
		for _, a := range addrs {
			pub, err := creator.Create(lang.KeyPrefix(a))
			if err != nil {
				return nil, fmt.Errorf("create key for %s: %w", a, err)
			}
			f.remote[a] = pub
		}
		missing = nil
	}
	generated, errs := generateKeys(addrsOf(list, missing))
	for j, i := range missing {
		if errs[j] != nil {
			return nil, fmt.Errorf("create key for %s: %w", list[i].addr, errs[j])
		}
		keys[i] = generated[j]
	}
	for i, pk := range list {
		if keys[i] != nil {
			f.byAddr[pk.addr], f.byKey[keys[i].Public] = keys[i], keys[i]
			f.keys = append(f.keys, keys[i])
		}
	}
	if len(f.keys) > 0 && opt.Keystore == nil {
		return nil, fmt.Errorf("%d new keys to store, and no keystore to store them in", len(f.keys))
	}
	if opt.Keystore != nil {
		f.batch = opt.Keystore.Batch()
	}
	f.store()
	return f, nil
}

// pendingKey is a placeholder key of the plan and its entity's address.
type pendingKey struct{ key, addr string }

func addrsOf(list []pendingKey, idx []int) []string {
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = list[i].addr
	}
	return out
}
