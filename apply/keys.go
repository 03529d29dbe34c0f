package apply

import (
	"context"
	"fmt"
	"sort"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// createKeys provides a key for every entity the plan left pending: the
// key the KeyMaker made for it before planning, or else a new one, and
// starts storing them. freshKeys.durable must return nil before any state
// that refers to them is written.
func createKeys(ctx context.Context, p *planner.Plan, st *state.State, ks *state.Keystore, made *KeyMaker) (*freshKeys, error) {
	type pending struct{ key, addr string }
	list := make([]pending, 0, len(p.Pending))
	for key, addr := range p.Pending {
		list = append(list, pending{key, addr})
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
	addrs := make([]string, len(missing))
	for j, i := range missing {
		addrs[j] = list[i].addr
	}
	generated, errs := generateKeys(addrs)
	for j, i := range missing {
		if errs[j] != nil {
			return nil, fmt.Errorf("create key for %s: %w", addrs[j], errs[j])
		}
		keys[i] = generated[j]
	}
	f := &freshKeys{st: st, byAddr: map[string]*state.NewKey{}, byKey: map[string]*state.NewKey{},
		keys: keys, batch: ks.Batch(), placeholders: len(missing) > 0}
	for i, pk := range list {
		f.byAddr[pk.addr], f.byKey[keys[i].Public] = keys[i], keys[i]
	}
	f.store()
	return f, nil
}
