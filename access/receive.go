package access

import (
	"github.com/nats-io/jwt/v2"
)

// Receive answers whether a message published on the literal subject pub
// by a client of account from reaches u subscribed on t: within one
// account by the subscription itself; across accounts through a stream
// import of u's account (the server's shadow subscription in from), or
// through a service import of from that delivers into u's account.
// Stream imports do not chain: the server places shadow subscriptions
// only in the account a stream is imported from.
func (w *World) Receive(u *User, t string, from *Account, pub string) Answer {
	p, f := w.admit(u)
	if f != nil {
		return Answer{f.verdict(), []string{f.reason}}
	}
	ok, why := p.canSubscribe(t)
	if !ok {
		return Answer{Denied, []string{fmtSub(u, t, why, false)}}
	}
	head := trail{fmtSub(u, t, why, true)}
	if from.invalid != "" {
		return head.end(Denied, "no client of %s can publish: the server does not load it: %s", from.Address, from.invalid)
	}
	ms, f := mapSubject(from, pub)
	if f != nil {
		return head.end(f.verdict(), "%s", f.reason)
	}
	var paths []Answer
	for _, m := range ms {
		tr := head.step("%s publishes %q", from.Address, pub)
		if m.via != "" {
			tr = tr.step("%s", m.via)
		}
		paths = append(paths, w.receiveOne(tr, u, p, t, from, m.subject)...)
	}
	var best Answer
	for _, a := range paths {
		if rank(a.Verdict) > rank(best.Verdict) {
			best = a
		}
	}
	if best.Verdict == "" {
		return head.end(Denied, "no subscription of %s on %q matches %q published in %s, and no import carries it", u.Address, t, pub, from.Address)
	}
	return best
}

func fmtSub(u *User, t, why string, ok bool) string {
	if !ok {
		return u.Address + " may not subscribe to \"" + t + "\" (" + why + ")"
	}
	return u.Address + " subscribes to \"" + t + "\" (" + why + ")"
}

// receiveOne lists the ways a message on s, in account from after its
// mappings, gets to u's subscription on t.
func (w *World) receiveOne(tr trail, u *User, p *perms, t string, from *Account, s string) []Answer {
	var out []Answer
	if from == u.Account && sublistMatch(t, s) {
		out = append(out, deliver(tr, u, p, t, s))
	}
	if from != u.Account {
		for _, l := range w.links(u.Account, jwt.Stream) {
			if l.exporter != from {
				continue
			}
			if a, ok := w.throughStream(tr, l, u, p, t, s); ok {
				out = append(out, a)
			}
		}
	}
	for _, h := range w.serviceHops(tr, from, s, nil) {
		if h.failed != nil {
			if h.acc == u.Account || h.failed.unknown {
				out = append(out, h.t.end(h.failed.verdict(), "%s", h.failed.reason))
			}
			continue
		}
		if h.acc == u.Account {
			out = append(out, intoAccount(h, u, p, t))
		}
	}
	return out
}

// throughStream follows one stream import of u's account from the
// publishing account; ok is false when it does not carry the message.
func (w *World) throughStream(tr trail, l *link, u *User, p *perms, t, s string) (Answer, bool) {
	if l.broken != nil {
		if !sublistMatch(l.from, s) {
			return Answer{}, false
		}
		return tr.end(l.broken.verdict(), "import %q of %s is not in force: %s", l.imp.Subject, l.importer.Address, l.broken.reason), true
	}
	if l.unsure != nil {
		return tr.end(Unknown, "%s", l.unsure.reason), true
	}
	z, ok := shadowSubject(l, t)
	if !ok || !sublistMatch(z, s) {
		return Answer{}, false
	}
	d := l.carry(s)
	tr = tr.step("import %q of %s (%s) delivers it as %q", l.label(), l.importer.Address, l.how, d)
	return deliver(tr, u, p, t, d), true
}

// intoAccount is the last hop of a service import chain that delivers
// the message into u's account: u's subscription must match it there.
func intoAccount(h hop, u *User, p *perms, t string) Answer {
	tr := h.t.step("%s gets it on %q", u.Account.Address, h.subject)
	if !sublistMatch(t, h.subject) {
		return tr.end(Denied, "%q does not match the subscription %q", h.subject, t)
	}
	return deliver(tr, u, p, t, h.subject)
}

// deliver is the last step: the subscription's deny filter.
func deliver(tr trail, u *User, p *perms, t, d string) Answer {
	if deny, dropped := p.dropsDelivery(t, d); dropped {
		return tr.end(Denied, "%s does not get %q: subscribe deny %q filters it out of %q", u.Address, d, deny, t)
	}
	return tr.end(Allowed, "%s receives %q on its subscription %q", u.Address, d, t)
}
