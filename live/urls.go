package live

import (
	"errors"
	"os"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// ServerURLs returns the servers to talk to: those given (each may be a
// comma-separated list), else those in NATS_URL, else the service URLs
// of the operator in st.
func ServerURLs(given []string, st *state.State) ([]string, error) {
	if urls := splitURLs(given...); len(urls) > 0 {
		return urls, nil
	}
	if urls := splitURLs(os.Getenv("NATS_URL")); len(urls) > 0 {
		return urls, nil
	}
	if op, _, err := operatorAndSystem(st); err == nil {
		if oc, err := jwt.DecodeOperatorClaims(op.JWT); err == nil && len(oc.OperatorServiceURLs) > 0 {
			return splitURLs(oc.OperatorServiceURLs...), nil
		}
	}
	return nil, errors.New("no server to talk to: give -server=URL, set NATS_URL, or give the operator service URLs")
}

func splitURLs(lists ...string) []string {
	var out []string
	for _, l := range lists {
		for _, u := range strings.Split(l, ",") {
			if u = strings.TrimSpace(u); u != "" {
				out = append(out, u)
			}
		}
	}
	return out
}
