package live

import (
	"fmt"
	"maps"
	"slices"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// Under an operator's strict signing key usage, servers trust neither the
// operator's own key for operator requests (deleting accounts) nor an
// account's own key for its users: signing keys must sign instead. These
// choose the keys natsplan signs its own requests and system users with.

// strict reports whether the operator in state asks for strict signing
// key usage.
func strict(op *state.Resource) (bool, error) {
	oc, err := jwt.DecodeOperatorClaims(op.JWT)
	if err != nil {
		return false, fmt.Errorf("the operator JWT in state does not decode: %w", err)
	}
	return oc.StrictSigningKeyUsage, nil
}

// operatorSigner is the key that signs operator requests: the operator's
// own, or under strict usage its first signing key by name.
func operatorSigner(op *state.Resource) (string, error) {
	isStrict, err := strict(op)
	if err != nil || !isStrict {
		return op.PublicKey, err
	}
	if names := slices.Sorted(maps.Keys(op.SigningKeys)); len(names) > 0 {
		return op.SigningKeys[names[0]], nil
	}
	return "", fmt.Errorf("operator %q uses strict signing keys but the state names none of its signing keys", op.Name)
}

// systemSigner is the key that signs natsplan's system users: the system
// account's own, or under strict usage its first unscoped signing key by
// name (a scoped key would impose its role's permissions).
func systemSigner(op, sys *state.Resource) (string, error) {
	isStrict, err := strict(op)
	if err != nil || !isStrict {
		return sys.PublicKey, err
	}
	ac, err := jwt.DecodeAccountClaims(sys.JWT)
	if err != nil {
		return "", fmt.Errorf("the system account JWT in state does not decode: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(sys.SigningKeys)) {
		key := sys.SigningKeys[name]
		if scope, ok := ac.SigningKeys.GetScope(key); ok && scope == nil {
			return key, nil
		}
	}
	return "", fmt.Errorf("the operator uses strict signing keys, so the system account's own key may not sign users, "+
		"and system account %q has no unscoped signing key: add signing_key \"NAME\" {} to it, or give -creds FILE", sys.Name)
}
