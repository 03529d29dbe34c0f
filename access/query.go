package access

import (
	"fmt"

	"github.com/nats-io/jwt/v2"
)

// inbox is the subscription nats.go makes for replies: "_INBOX.<nuid>.*".
// The nuid token holds a space, which no permission subject can, so only
// wildcards match it, as only wildcards match a random nuid.
const (
	inboxSub   = "_INBOX.n uid.*"
	inboxReply = "_INBOX.n uid.r eply"
)

// admit connects u and builds its permissions; the trail starts with a
// failure line when it cannot connect.
func (w *World) admit(u *User) (*perms, *failure) {
	c, f := w.connect(u)
	if f != nil {
		return nil, f
	}
	return w.permsOf(c)
}

// Publish answers whether u may publish on the literal subject s. The
// server applies the account's mappings first and checks the permission
// on the mapped subject.
func (w *World) Publish(u *User, s string) Answer {
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
		a := w.publishOne(u, p, s, m)
		if a.Verdict == Allowed || best.Verdict == "" || (a.Verdict == Unknown && best.Verdict == Denied) {
			best = a
		}
		if a.Verdict == Allowed {
			break
		}
	}
	return best
}

func (w *World) publishOne(u *User, p *perms, s string, m mapped) Answer {
	var t trail
	if m.via != "" {
		t = t.step("%s publishes %q", u.Address, s).step("%s", m.via)
	}
	ok, why := p.canPublish(m.subject)
	if !ok {
		if m.via != "" {
			return t.end(Denied, "%s may not publish %q (%s)", u.Address, m.subject, why)
		}
		return t.end(Denied, "%s may not publish %q (%s)", u.Address, s, why)
	}
	if m.via != "" {
		return t.end(Allowed, "%s may publish %q (%s)", u.Address, m.subject, why)
	}
	return t.end(Allowed, "%s publishes %q (%s)", u.Address, s, why)
}

// Subscribe answers whether u may subscribe on t (wildcards allowed).
func (w *World) Subscribe(u *User, t string) Answer {
	p, f := w.admit(u)
	if f != nil {
		return Answer{f.verdict(), []string{f.reason}}
	}
	if ok, why := p.canSubscribe(t); !ok {
		return Answer{Denied, []string{fmt.Sprintf("%s may not subscribe to %q (%s)", u.Address, t, why)}}
	} else {
		return Answer{Allowed, []string{fmt.Sprintf("%s subscribes to %q (%s)", u.Address, t, why)}}
	}
}

// kindOf names an import type for answers.
func kindOf(t jwt.ExportType) string {
	if t == jwt.Service {
		return "service"
	}
	return "stream"
}
