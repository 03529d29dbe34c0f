package live

import (
	"fmt"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// SystemAccountKey returns the system account named in the operator's JWT.
func SystemAccountKey(op *state.Resource) (string, error) {
	oc, err := jwt.DecodeOperatorClaims(op.JWT)
	if err != nil {
		return "", fmt.Errorf("the operator JWT in state does not decode: %w", err)
	}
	if oc.SystemAccount == "" {
		return "", fmt.Errorf("operator %q names no system account", oc.Name)
	}
	return oc.SystemAccount, nil
}
