package access

import (
	"fmt"
	"strings"
)

// Request answers whether u's request on the literal subject s reaches a
// subscriber in account to (nil: in any account) and whether the reply
// comes back: the publish permission on the subject after u's account's
// mappings, the service imports of u's account that match it (their
// exports and authorization), the exporter's mappings, and u's
// permission to subscribe to its reply inbox.
func (w *World) Request(u *User, s string, to *Account) Answer {
	if strings.HasPrefix(s, "$SYS.") {
		return Answer{Unknown, []string{fmt.Sprintf("%q is answered by the server's own system imports, which claims do not show", s)}}
	}
	p, f := w.admit(u)
	if f != nil {
		return Answer{f.verdict(), []string{f.reason}}
	}
	ms, f := mapSubject(u.Account, s)
	if f != nil {
		return Answer{f.verdict(), []string{f.reason}}
	}
	var best Answer
	for _, m := range ms {
		a := w.requestOne(u, p, s, m, to)
		if rank(a.Verdict) > rank(best.Verdict) {
			best = a
		}
		if a.Verdict == Allowed {
			break
		}
	}
	return best
}

func rank(v Verdict) int {
	switch v {
	case Allowed:
		return 3
	case Unknown:
		return 2
	case Denied:
		return 1
	}
	return 0
}

func (w *World) requestOne(u *User, p *perms, s string, m mapped, to *Account) Answer {
	pub := w.publishOne(u, p, s, m)
	if pub.Verdict != Allowed {
		return pub
	}
	t := trail(pub.Lines)
	if ok, why := p.canSubscribe(inboxSub); !ok {
		return t.end(Denied, "replies cannot reach %s: it may not subscribe to its inbox \"_INBOX.>\" (%s)", u.Address, why)
	}
	if d, dropped := p.dropsDelivery(inboxSub, inboxReply); dropped {
		return t.end(Denied, "replies cannot reach %s: subscribe deny %q drops them", u.Address, d)
	}
	reply := fmt.Sprintf("replies reach %s (allow_responses not needed: the reply subject is the requester's inbox)", u.name())
	var reached []Answer
	if to == nil || to == u.Account {
		reached = append(reached, t.end(Allowed, "%s receives %q; %s", u.Account.Address, m.subject, reply))
	}
	for _, h := range w.serviceHops(t, u.Account, m.subject, nil) {
		if to != nil && h.acc != to && h.failed == nil {
			continue
		}
		if h.failed != nil {
			if to == nil || h.acc == to || h.failed.unknown {
				reached = append(reached, h.t.end(h.failed.verdict(), "%s", h.failed.reason))
			}
			continue
		}
		reached = append(reached, h.t.end(Allowed, "%s receives %q; %s", h.acc.Address, h.subject, reply))
	}
	return pick(reached, t, u, m.subject, to)
}

// pick returns the best of the paths a request takes: an allowed path to
// the target, else an unknown one, else why none gets there.
func pick(paths []Answer, t trail, u *User, s string, to *Account) Answer {
	var best Answer
	var denied []string
	for _, a := range paths {
		if rank(a.Verdict) > rank(best.Verdict) {
			best = a
		}
		if a.Verdict == Denied {
			denied = append(denied, a.Lines[len(a.Lines)-1])
		}
	}
	if best.Verdict == Allowed || best.Verdict == Unknown {
		return best
	}
	target := "any account"
	if to != nil {
		target = to.Address
	}
	if len(denied) > 0 {
		return t.end(Denied, "no path to %s: %s", target, strings.Join(denied, "; "))
	}
	return t.end(Denied, "no service import of %s matches %q, so it does not reach %s", u.Account.Address, s, target)
}
