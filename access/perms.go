package access

import (
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"
)

// perms are the permissions the server enforces on a connected user.
type perms struct {
	source string // where they come from, for answers

	pubAllow    []string // nil: every subject
	pubAllowSet bool     // an allow list exists, even an empty one
	pubDeny     []string
	subAllow    []string // nil: every subject
	subDeny     []string
	resp        *jwt.ResponsePermission
}

// permsOf builds c's permissions as the server does: the user's own
// when it has any (pub, sub or resp), otherwise the account's default
// permissions, whole. A response permission without a publish allow list
// turns publishing off, but for replies.
func (w *World) permsOf(c *connected) (*perms, *failure) {
	p, src := c.limits.Permissions, "user permissions"
	if c.scope != "" {
		src = fmt.Sprintf("scoped signing key %q template", c.scope)
	}
	if emptyPerms(p) {
		p, src = c.u.Account.Claims.DefaultPermissions, "default permissions of "+c.u.Account.Address
		if emptyPerms(p) {
			return &perms{source: "no user permissions: all subjects"}, nil
		}
	}
	for _, s := range append(append([]string{}, p.Sub.Allow...), p.Sub.Deny...) {
		if strings.Contains(s, " ") {
			return nil, unknown("%s has a queue permission %q, which the analysis does not model", c.u.Address, s)
		}
	}
	out := &perms{source: src, pubDeny: p.Pub.Deny, subDeny: p.Sub.Deny, resp: p.Resp}
	if len(p.Pub.Allow) > 0 || len(p.Pub.Deny) > 0 {
		out.pubAllow, out.pubAllowSet = p.Pub.Allow, p.Pub.Allow != nil
	}
	if len(p.Sub.Allow) > 0 {
		out.subAllow = p.Sub.Allow
	}
	if p.Resp != nil && !out.pubAllowSet {
		out.pubAllow, out.pubAllowSet = []string{}, true
	}
	return out, nil
}

func emptyPerms(p jwt.Permissions) bool {
	return len(p.Pub.Allow) == 0 && len(p.Pub.Deny) == 0 &&
		len(p.Sub.Allow) == 0 && len(p.Sub.Deny) == 0 && p.Resp == nil
}

// canPublish decides a publish on the literal subject s; the string says
// which rule decides, for the answer.
func (p *perms) canPublish(s string) (bool, string) {
	if !p.pubAllowSet && len(p.pubDeny) == 0 {
		return true, p.source
	}
	if p.pubAllowSet {
		m, ok := anyMatch(p.pubAllow, s)
		if !ok {
			if len(p.pubAllow) == 0 && p.resp != nil {
				return false, p.source + ": allow_responses only, publish allow list empty"
			}
			return false, fmt.Sprintf("%s: no publish allow matches (allow %s)", p.source, quoteList(p.pubAllow))
		}
		if d, denied := anyMatch(p.pubDeny, s); denied {
			return false, fmt.Sprintf("%s: publish deny %q", p.source, d)
		}
		return true, fmt.Sprintf("%s: publish allow %q", p.source, m)
	}
	if d, denied := anyMatch(p.pubDeny, s); denied {
		return false, fmt.Sprintf("%s: publish deny %q", p.source, d)
	}
	return true, p.source + ": no publish deny matches"
}

// canSubscribe decides a subscription on s (wildcards allowed), which
// the server tests with s's tokens taken literally.
func (p *perms) canSubscribe(s string) (bool, string) {
	if p.subAllow != nil {
		m, ok := anyMatch(p.subAllow, s)
		if !ok {
			return false, fmt.Sprintf("%s: no subscribe allow matches (allow %s)", p.source, quoteList(p.subAllow))
		}
		if d, denied := anyMatch(p.subDeny, s); denied {
			return false, fmt.Sprintf("%s: subscribe deny %q", p.source, d)
		}
		return true, fmt.Sprintf("%s: subscribe allow %q", p.source, m)
	}
	if d, denied := anyMatch(p.subDeny, s); denied {
		return false, fmt.Sprintf("%s: subscribe deny %q", p.source, d)
	}
	return true, p.source
}

// dropsDelivery reports whether a message delivered on subject d to a
// subscription on sub is dropped by a subscribe deny: the server filters
// deliveries only for wildcard subscriptions that overlap a deny.
func (p *perms) dropsDelivery(sub, d string) (string, bool) {
	if !hasWildcard(sub) {
		return "", false
	}
	overlaps := false
	for _, deny := range p.subDeny {
		if collide(deny, sub) {
			overlaps = true
			break
		}
	}
	if !overlaps {
		return "", false
	}
	return anyMatch(p.subDeny, d)
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
