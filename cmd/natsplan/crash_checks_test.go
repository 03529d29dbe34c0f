package main

import (
	"strings"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// checkKeys holds the key invariants of a state after a crash: every
// public key it holds has its seed in the keystore (Get also checks that
// the seed is that key's), no entity of before has another key now, and
// every JWT verifies.
func (h *crashHarness) checkKeys(round int, when string, before, now *state.State) {
	h.t.Helper()
	for addr, r := range now.Resources {
		for _, pub := range ownKeys(r) {
			if _, err := h.ks.Get(pub); err != nil {
				h.t.Fatalf("round %d, %s: lost key: %s has key %s in state, but: %v", round, when, addr, pub, err)
			}
		}
		if old := before.Get(addr); old != nil && r.Kind != state.KindGrant && old.PublicKey != r.PublicKey {
			h.t.Fatalf("round %d, %s: %s was re-keyed from %s to %s", round, when, addr, old.PublicKey, r.PublicKey)
		}
	}
	if problems := trust.State(now); len(problems) > 0 {
		h.t.Fatalf("round %d, %s: %d JWTs do not verify, first: %s", round, when, len(problems), problems[0])
	}
}

// ownKeys lists the keys whose seeds natsplan keeps for a resource: its
// identity key (a grant's public key is its importer's) and its signing
// keys.
func ownKeys(r *state.Resource) []string {
	var keys []string
	if r.Kind != state.KindGrant {
		keys = append(keys, r.PublicKey)
	}
	for _, k := range r.SigningKeys {
		keys = append(keys, k)
	}
	return keys
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
