package planner

// Account and user claims beyond exports and imports, built the way nsc
// builds them from its flags: limits, JetStream, default permissions,
// mappings, signing keys and scopes, the authorization callout, tracing.
// Lists are sorted and empty ones left nil, so that equal configurations
// give equal digests whatever the order they were written in.

import (
	"sort"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// accountSettings fills everything of ac that is not an export, import or
// revocation, and returns the account's signing keys by name.
func (b *builder) accountSettings(ac *jwt.AccountClaims, a *lang.Account) map[string]string {
	ac.Limits.NatsLimits = jwt.NatsLimits{Subs: a.Limits.Subscriptions, Data: a.Limits.Data, Payload: a.Limits.Payload}
	ac.Limits.AccountLimits = jwt.AccountLimits{Imports: a.Limits.Imports, Exports: a.Limits.Exports,
		WildcardExports: a.Limits.WildcardExports, DisallowBearer: a.Limits.DisallowBearer,
		Conn: a.Limits.Connections, LeafNodeConn: a.Limits.LeafNodes}
	if js := a.JetStream; js != nil {
		if len(js.Tiers) == 0 {
			ac.Limits.JetStreamLimits = jetStreamLimits(js.Global)
		}
		for _, t := range js.Tiers {
			ac.Limits.JetStreamTieredLimits[t.Name] = jetStreamLimits(t.Limits)
		}
	}
	ac.DefaultPermissions = permissions(a.DefaultPermissions)
	for _, m := range a.Mappings {
		var to []jwt.WeightedMapping
		for _, d := range m.Destinations {
			to = append(to, jwt.WeightedMapping{Subject: jwt.Subject(d.Subject), Weight: uint8(d.Weight), Cluster: d.Cluster})
		}
		ac.Mappings[jwt.Subject(m.From)] = to
	}
	if auth := a.Authorization; auth != nil {
		ac.Authorization.AuthUsers = keyList(auth.AuthUsers)
		ac.Authorization.AllowedAccounts = keyList(auth.AllowedAccounts)
		ac.Authorization.XKey = auth.XKey
	}
	if t := a.Trace; t != nil {
		ac.Trace = &jwt.MsgTrace{Destination: jwt.Subject(t.Destination), Sampling: t.Sampling}
	}
	ac.ClusterTraffic = jwt.ClusterTraffic(a.ClusterTraffic)
	ac.Description, ac.InfoURL = a.Description, a.InfoURL
	ac.Tags = jwt.TagList(a.Tags)
	return b.accountSigningKeys(ac, a)
}

func (b *builder) accountSigningKeys(ac *jwt.AccountClaims, a *lang.Account) map[string]string {
	sk := map[string]string{}
	for _, k := range a.SigningKeys {
		if k.Compromised { // dropped from the JWT at once (rotation.go)
			continue
		}
		pub := b.keys.key(state.KindAccount, k.Address())
		sk[k.Name] = pub
		if !k.Scoped {
			ac.SigningKeys.Add(pub)
			continue
		}
		scope := jwt.NewUserScope()
		scope.Key, scope.Role, scope.Description = pub, k.Role, k.Description
		scope.Template = userPermissionLimits(k.Template)
		ac.SigningKeys.AddScopedSigner(scope)
	}
	return nilIfEmpty(sk)
}

func jetStreamLimits(l lang.JetStreamLimits) jwt.JetStreamLimits {
	return jwt.JetStreamLimits{
		MemoryStorage: l.MemoryStorage, DiskStorage: l.DiskStorage,
		Streams: l.Streams, Consumer: l.Consumers, MaxAckPending: l.MaxAckPending,
		MemoryMaxStreamBytes: l.MemoryMaxStreamBytes, DiskMaxStreamBytes: l.DiskMaxStreamBytes,
		MaxBytesRequired: l.MaxBytesRequired,
	}
}

// userPermissionLimits builds a user's permissions and limits, or a
// scoped signing key's template.
func userPermissionLimits(s lang.UserSettings) jwt.UserPermissionLimits {
	l := s.Limits
	var times []jwt.TimeRange
	for _, t := range l.Times {
		times = append(times, jwt.TimeRange{Start: t.Start, End: t.End})
	}
	return jwt.UserPermissionLimits{
		Permissions: permissions(s.Permissions),
		Limits: jwt.Limits{
			UserLimits: jwt.UserLimits{Src: jwt.CIDRList(stringList(l.SourceNetworks)), Times: times, Locale: l.Locale},
			NatsLimits: jwt.NatsLimits{Subs: l.Subscriptions, Data: l.Data, Payload: l.Payload},
		},
		BearerToken:            s.BearerToken,
		ProxyRequired:          s.ProxyRequired,
		AllowedConnectionTypes: stringList(s.ConnectionTypes),
	}
}

func permissions(p lang.Permissions) jwt.Permissions {
	out := jwt.Permissions{
		Pub: jwt.Permission{Allow: stringList(p.PubAllow), Deny: stringList(p.PubDeny)},
		Sub: jwt.Permission{Allow: stringList(p.SubAllow), Deny: stringList(p.SubDeny)},
	}
	if r := p.Responses; r != nil {
		out.Resp = &jwt.ResponsePermission{MaxMsgs: r.MaxMsgs, Expires: time.Duration(r.TTL)}
	}
	return out
}

// keyList lists the keys of refs, sorted.
func keyList(refs []lang.KeyRef) jwt.StringList {
	var out []string
	for _, r := range refs {
		out = append(out, r.Key)
	}
	sort.Strings(out)
	return stringList(out)
}
