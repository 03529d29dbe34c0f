package access

import (
	"github.com/nats-io/jwt/v2"
)

// hop is one account a message gets to through service imports, with
// the subject it arrives on and the path that took it there; failed says
// why an import on the way does not carry it.
type hop struct {
	acc     *Account
	subject string
	t       trail
	failed  *failure
}

// maxHops bounds how far the analysis follows service imports that
// import in turn; the server forwards along such chains.
const maxHops = 8

// serviceHops follows the service imports of acc that match s, and the
// service imports of the accounts they lead to, in turn: the server
// forwards a message through each, applying the receiving account's
// mappings, but never through the same export twice on one path (its
// guard against loops). used holds the exports already on the path.
func (w *World) serviceHops(t trail, acc *Account, s string, used []string) []hop {
	var out []hop
	for _, l := range w.links(acc, jwt.Service) {
		if !sublistMatch(l.from, s) {
			continue
		}
		if l.broken != nil {
			out = append(out, hop{acc: l.exporter, t: t, failed: &failure{l.broken.unknown,
				"import \"" + string(l.imp.Subject) + "\" of " + acc.Address + " is not in force: " + l.broken.reason}})
			continue
		}
		if l.unsure != nil {
			out = append(out, hop{acc: l.exporter, t: t, failed: l.unsure})
			continue
		}
		if containsString(used, l.exportKey) {
			continue // the server drops a message that would use an export again
		}
		if len(used) >= maxHops {
			out = append(out, hop{acc: l.exporter, t: t, failed: unknown("service imports from %s chain further than the analysis follows", acc.Address)})
			continue
		}
		nt := t.step("import %q of %s (%s)", l.label(), acc.Address, l.how)
		ms, f := mapSubject(l.exporter, l.carry(s))
		if f != nil {
			out = append(out, hop{acc: l.exporter, t: nt, failed: f})
			continue
		}
		for _, m := range ms {
			mt := nt
			if m.via != "" {
				mt = mt.step("%s", m.via)
			}
			out = append(out, hop{acc: l.exporter, subject: m.subject, t: mt})
			out = append(out, w.serviceHops(mt, l.exporter, m.subject, append(used[:len(used):len(used)], l.exportKey))...)
		}
	}
	return out
}

func containsString(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
