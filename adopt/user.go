package adopt

import (
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
)

// user writes one user block and records its state.
func (c *converter) user(a *account, u *nscstore.User, label string) *block {
	uc := u.Claims
	addr := a.addr + ".user." + label
	b := newBlock("user", label)
	named(b, label, uc.Name)
	if uc.Issuer != a.Claims.Subject {
		b.attr("signed_by", a.addr+".signing_key."+a.keys[uc.Issuer])
	}
	tags(b, uc.Tags)
	validity(b, uc.ClaimsData)
	if !scoped(a, uc.Issuer) { // a scoped key's template holds the settings
		userSettings(b, uc.UserPermissionLimits)
	}
	c.key(addr, uc.Subject)
	c.st.Resources[addr] = resource(state.KindUser, label, u.File, uc)
	return b
}

func scoped(a *account, issuer string) bool {
	s, ok := a.Claims.SigningKeys[issuer].(*jwt.UserScope)
	return ok && s != nil
}

// userSettings writes permissions and limits of a user, or of a scoped
// signing key's template, leaving out the library's defaults.
func userSettings(b *block, l jwt.UserPermissionLimits) {
	permissions(b, l.Permissions)
	if len(l.Src) > 0 {
		b.attr("source_networks", list(l.Src))
	}
	for _, t := range l.Times {
		tb := b.add(newBlock("time", ""))
		tb.attr("start", quote(t.Start))
		tb.attr("end", quote(t.End))
	}
	if l.Locale != "" {
		b.attr("locale", quote(l.Locale))
	}
	if len(l.AllowedConnectionTypes) > 0 {
		b.attr("connection_types", list(l.AllowedConnectionTypes))
	}
	if l.BearerToken {
		b.attr("bearer_token", "true")
	}
	if l.ProxyRequired {
		b.attr("proxy_required", "true")
	}
	if l.Subs != jwt.NoLimit {
		b.attr("subscriptions", num(l.Subs))
	}
	if l.Data != jwt.NoLimit {
		b.attr("data", size(l.Data))
	}
	if l.Payload != jwt.NoLimit {
		b.attr("payload", size(l.Payload))
	}
}

// permissions writes allow/deny lists and response permissions.
func permissions(b *block, p jwt.Permissions) {
	for _, x := range []struct {
		name string
		v    jwt.StringList
	}{{"allow_pub", p.Pub.Allow}, {"deny_pub", p.Pub.Deny}, {"allow_sub", p.Sub.Allow}, {"deny_sub", p.Sub.Deny}} {
		if len(x.v) > 0 {
			b.attr(x.name, list(x.v))
		}
	}
	if r := p.Resp; r != nil {
		b.attr("allow_pub_response", num(int64(r.MaxMsgs)))
		if r.Expires != 0 {
			b.attr("response_ttl", duration(time.Duration(r.Expires)))
		}
	}
}

// permissionsBlock is a block holding p, nil when p is empty.
func permissionsBlock(typ string, p jwt.Permissions) *block {
	b := newBlock(typ, "")
	permissions(b, p)
	if b.empty() {
		return nil
	}
	return b
}
