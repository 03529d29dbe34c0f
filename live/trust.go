package live

import (
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// trust is what the state says about ownership on a server: which
// accounts natsplan manages and which keys sign for its operator.
type trust struct {
	operator string
	system   string
	issuers  map[string]bool // the operator key and its signing keys
	managed  map[string]bool // every key the state records: never deleted
}

func trustOf(st *state.State) (*trust, error) {
	op, sys, err := operatorAndSystem(st)
	if err != nil {
		return nil, err
	}
	t := &trust{operator: op.PublicKey, system: sys.PublicKey,
		issuers: map[string]bool{op.PublicKey: true}, managed: map[string]bool{}}
	if oc, err := jwt.DecodeOperatorClaims(op.JWT); err == nil {
		for _, k := range oc.SigningKeys {
			t.issuers[k] = true
		}
	}
	// Every key the state records counts as managed, whatever kind the
	// state gives it: push deletes what the state does not hold, so an
	// account whose kind was edited must not become a deletion.
	for _, r := range st.Resources {
		t.managed[r.PublicKey] = true
	}
	return t, nil
}
