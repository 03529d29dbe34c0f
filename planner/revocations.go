package planner

import (
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// Deletion is a security event: a user removed from the config must stop
// working even though its JWT still exists somewhere, so its account gains a
// revocation entry; a removed grant likewise becomes a revocation on the
// export. Entries are kept in state and carried forward on every build.

// revocationIndex finds, once per build, the state entries that removals
// turn into revocations.
type revocationIndex struct {
	usersOf  map[string][]string // account address -> user addresses in state
	grantsOf map[string][]string // exporting account address -> grant addresses in state
}

func (b *builder) index() *revocationIndex {
	idx := &revocationIndex{usersOf: map[string][]string{}}
	var grants []string
	for addr, r := range b.st.Resources {
		switch r.Kind {
		case state.KindUser:
			acct, _, _ := strings.Cut(addr, ".user.")
			idx.usersOf[acct] = append(idx.usersOf[acct], addr)
		case state.KindGrant:
			grants = append(grants, addr)
		}
	}
	idx.grantsOf = grantsByExporter(b.st, grants)
	return idx
}

// revocations returns the revocation entries account a must carry: those
// already in state plus one for every user and grant removed since, one
// for every activation a grant no longer stands behind (revoke_grants.go), and
// those its exports' revoke_activations ask for.
//
// Entries for removed entities carry their address and stay for good. A
// configured entry has no address: it is built from the configuration on
// every plan, taking its time from state when it was there before (so it
// does not move) and the plan's time when it is new, and it goes when the
// configuration no longer asks for it.
func (b *builder) revocations(a *lang.Account) []state.Revocation {
	if b.revIdx == nil {
		b.revIdx = b.index()
	}
	var out []state.Revocation
	configuredAt := map[[2]string]int64{}
	if prior := b.st.Get(a.Address()); prior != nil {
		for _, r := range prior.Revocations {
			if r.Address == "" {
				configuredAt[[2]string{r.Export, r.PublicKey}] = r.At
				continue
			}
			out = append(out, r)
		}
	}
	for _, e := range a.Exports {
		for _, r := range e.Revoke {
			k := [2]string{e.Name, r.Key}
			at, ok := configuredAt[k]
			if !ok {
				at = b.now
			}
			out = append(out, state.Revocation{Export: e.Name, PublicKey: r.Key, At: at})
		}
	}
	for _, addr := range b.revIdx.usersOf[a.Address()] {
		if !b.configured[addr] || b.replace[addr] {
			r := b.st.Resources[addr]
			out = append(out, state.Revocation{PublicKey: r.PublicKey, At: r.IssuedAt, Address: addr})
		}
	}
	for _, addr := range b.revIdx.grantsOf[a.Address()] {
		if r := b.st.Resources[addr]; !b.grantStands(addr, r, a) && !b.misrecordedExport(addr, r, a) {
			out = append(out, state.Revocation{Export: r.Export, PublicKey: r.PublicKey, At: r.IssuedAt, Address: addr})
		}
	}
	return normalizeRevocations(out, a)
}

// normalizeRevocations keeps the latest time per export and key, once for
// the configuration's entries and once for removals, and sorts them. The
// two are kept apart because a configured entry goes when the
// configuration drops it, and must not take a removal's entry with it.
// A removal's entry stays when its export goes (the claims then leave it
// out): an export declared again must still refuse the activations
// revoked before, which nats-server would otherwise take for it.
func normalizeRevocations(in []state.Revocation, a *lang.Account) []state.Revocation {
	type slot struct {
		export, key string
		configured  bool
	}
	latest := map[slot]state.Revocation{}
	for _, r := range in {
		if r.Export != "" && r.Address == "" && a.Export(r.Export) == nil {
			continue
		}
		k := slot{r.Export, r.PublicKey, r.Address == ""}
		if old, ok := latest[k]; !ok || r.At > old.At {
			latest[k] = r
		}
	}
	out := make([]state.Revocation, 0, len(latest))
	for _, r := range latest {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Export != out[j].Export {
			return out[i].Export < out[j].Export
		}
		if out[i].PublicKey != out[j].PublicKey {
			return out[i].PublicKey < out[j].PublicKey
		}
		return out[i].Address < out[j].Address
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// applyRevocations writes revocation entries into account claims; of two
// entries for one key, the later holds. An entry names its export by
// block name; the claims by the JWT's name.
func applyRevocations(ac *jwt.AccountClaims, revs []state.Revocation, a *lang.Account) {
	for _, r := range revs {
		if r.Export == "" {
			if ac.Revocations == nil {
				ac.Revocations = jwt.RevocationList{}
			}
			ac.Revocations[r.PublicKey] = max(ac.Revocations[r.PublicKey], r.At)
			continue
		}
		x := a.Export(r.Export)
		for _, e := range ac.Exports {
			if x != nil && e.Name == x.JWTName() {
				if e.Revocations == nil {
					e.Revocations = jwt.RevocationList{}
				}
				e.Revocations[r.PublicKey] = max(e.Revocations[r.PublicKey], r.At)
			}
		}
	}
}
