package apply

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/nats-io/nkeys"
	"golang.org/x/sync/errgroup"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// createKeys generates a key for every entity the plan left pending and
// stores each one durably before returning, so that no state written later
// can refer to a key that is not on disk.
func createKeys(ctx context.Context, p *planner.Plan, st *state.State, ks *state.Keystore) (func(string) (string, bool), int, error) {
	addrs := make([]string, 0, len(p.Pending))
	for _, addr := range p.Pending {
		addrs = append(addrs, addr)
	}
	sort.Strings(addrs)
	fresh := make([]string, len(addrs))
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	for i, addr := range addrs {
		g.Go(func() error {
			kp, err := nkeys.CreatePair(prefixFor(addr))
			if err != nil {
				return fmt.Errorf("create key for %s: %w", addr, err)
			}
			if err := ks.Put(kp); err != nil {
				return fmt.Errorf("store key for %s: %w", addr, err)
			}
			fresh[i], _ = kp.PublicKey()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, err
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

func prefixFor(addr string) nkeys.PrefixByte {
	switch {
	case strings.HasPrefix(addr, "operator."):
		return nkeys.PrefixByteOperator
	case strings.Contains(addr, ".user."):
		return nkeys.PrefixByteUser
	}
	return nkeys.PrefixByteAccount
}
