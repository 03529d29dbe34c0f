package expect

import (
	"fmt"

	"github.com/nats-io/nats-server/v2/server"
)

// validSubject says what is wrong with an expectation's subject, or "".
func validSubject(e *Expectation) string {
	if e.Op == "subscribe" {
		if !server.IsValidSubject(e.Subject) {
			return fmt.Sprintf("%q is not a subject a client can subscribe to", e.Subject)
		}
		return ""
	}
	if !server.IsValidLiteralSubject(e.Subject) {
		return fmt.Sprintf("%q is not a subject a client can publish on (no wildcards, no spaces)", e.Subject)
	}
	return ""
}
