package adopt

import (
	"fmt"
	"sort"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// account writes one account block, with its users, exports and imports,
// and records its state.
func (c *converter) account(a *account) *block {
	ac := a.Claims
	b := newBlock("account", a.label)
	named(b, a.label, ac.Name)
	if ac.Issuer != c.s.Operator.Claims.Subject {
		b.attr("signed_by", "operator."+c.op+".signing_key."+c.opKeys[ac.Issuer])
	}
	if ac.Description != "" {
		b.attr("description", quote(ac.Description))
	}
	if ac.InfoURL != "" {
		b.attr("info_url", quote(ac.InfoURL))
	}
	tags(b, ac.Tags)
	if ac.ClusterTraffic != "" {
		b.attr("cluster_traffic", quote(string(ac.ClusterTraffic)))
	}
	validity(b, ac.ClaimsData)
	limitsBlock(b, ac.Limits)
	jetstreamBlock(b, ac.Limits)
	if p := permissionsBlock("default_permissions", ac.DefaultPermissions); p != nil {
		b.add(p)
	}
	c.signingKeys(b, a)
	c.features(b, a)
	for i, u := range a.Users {
		b.add(c.user(a, u, a.users[i]))
	}
	for _, e := range ac.Exports {
		b.add(c.export(a, e))
	}
	for _, imp := range ac.Imports {
		if ib := c.importBlock(a, imp); ib != nil {
			b.add(ib)
		}
	}
	c.key(a.addr, ac.Subject)
	r := resource(state.KindAccount, a.label, a.File, ac)
	r.Digest = c.accountDigest(a)
	r.Revocations = c.revocations(a)
	r.PreventDestroy = ac.Subject == c.s.Operator.Claims.SystemAccount
	sk := map[string]string{}
	for k, name := range a.keys {
		sk[name] = k
	}
	r.SigningKeys = nilIfEmpty(sk)
	c.st.Resources[a.addr] = r
	return b
}

// limitsBlock writes the account limits that are not the library's
// default (-1, wildcard exports allowed, bearer tokens allowed).
func limitsBlock(parent *block, l jwt.OperatorLimits) {
	b := newBlock("limits", "")
	for _, x := range []struct {
		name string
		v    int64
		size bool
	}{{"connections", l.Conn, false}, {"leaf_nodes", l.LeafNodeConn, false}, {"data", l.Data, true},
		{"payload", l.Payload, true}, {"subscriptions", l.Subs, false}, {"imports", l.Imports, false},
		{"exports", l.Exports, false}} {
		switch {
		case x.v == jwt.NoLimit:
		case x.size:
			b.attr(x.name, size(x.v))
		default:
			b.attr(x.name, num(x.v))
		}
	}
	if !l.WildcardExports {
		b.attr("wildcard_exports", "false")
	}
	if l.DisallowBearer {
		b.attr("disallow_bearer", "true")
	}
	if !b.empty() {
		parent.add(b)
	}
}

// jetstreamBlock writes JetStream when the claims enable it: global
// limits, or one tier block per replication tier.
func jetstreamBlock(parent *block, l jwt.OperatorLimits) {
	if !l.IsJSEnabled() {
		return
	}
	b := parent.add(newBlock("jetstream", ""))
	b.attr("enabled", "true")
	if len(l.JetStreamTieredLimits) == 0 {
		jetstreamLimits(b, l.JetStreamLimits)
		return
	}
	tiers := make([]string, 0, len(l.JetStreamTieredLimits))
	for t := range l.JetStreamTieredLimits {
		tiers = append(tiers, t)
	}
	sort.Strings(tiers)
	for _, t := range tiers {
		jetstreamLimits(b.add(newBlock("tier", t)), l.JetStreamTieredLimits[t])
	}
}

func jetstreamLimits(b *block, l jwt.JetStreamLimits) {
	for _, x := range []struct {
		name string
		v    int64
		size bool
	}{{"memory_storage", l.MemoryStorage, true}, {"disk_storage", l.DiskStorage, true},
		{"streams", l.Streams, false}, {"consumers", l.Consumer, false}, {"max_ack_pending", l.MaxAckPending, false},
		{"memory_max_stream_bytes", l.MemoryMaxStreamBytes, true}, {"disk_max_stream_bytes", l.DiskMaxStreamBytes, true}} {
		switch {
		case x.v == jwt.NoLimit:
		case x.size:
			b.attr(x.name, size(x.v))
		default:
			b.attr(x.name, num(x.v))
		}
	}
	if l.MaxBytesRequired {
		b.attr("max_bytes_required", "true")
	}
}

// signingKeys writes the account's signing keys; a scoped one gets its
// role and template.
func (c *converter) signingKeys(b *block, a *account) {
	for _, k := range sortedKeys(a.keys) {
		kb := b.add(newBlock("signing_key", a.keys[k]))
		c.key(a.addr+".signing_key."+a.keys[k], k)
		scope, ok := a.Claims.SigningKeys[k].(*jwt.UserScope)
		if !ok || scope == nil {
			continue
		}
		if scope.Role != a.keys[k] {
			kb.attr("role", quote(scope.Role))
		}
		if scope.Description != "" {
			kb.attr("description", quote(scope.Description))
		}
		t := kb.add(newBlock("template", ""))
		userSettings(t, scope.Template)
	}
}

// features writes the account's trace, authorization callout and
// mappings.
func (c *converter) features(b *block, a *account) {
	ac := a.Claims
	if t := ac.Trace; t != nil {
		tb := b.add(newBlock("trace", ""))
		tb.attr("destination", quote(string(t.Destination)))
		if t.Sampling != 0 && t.Sampling != 100 { // 0 is the library's 100 (planner.Canonical)
			tb.attr("sampling", num(int64(t.Sampling)))
		}
	}
	if auth := ac.Authorization; len(auth.AuthUsers) > 0 || len(auth.AllowedAccounts) > 0 || auth.XKey != "" {
		ab := b.add(newBlock("authorization", ""))
		ab.attr("auth_users", c.keyRefs(auth.AuthUsers, func(k string) string { return c.userRef(a, k) }))
		if len(auth.AllowedAccounts) > 0 {
			ab.attr("allowed_accounts", c.keyRefs(auth.AllowedAccounts, c.accountRef))
		}
		if auth.XKey != "" {
			ab.attr("xkey", quote(auth.XKey))
		}
	}
	froms := make([]string, 0, len(ac.Mappings))
	for from := range ac.Mappings {
		froms = append(froms, string(from))
	}
	sort.Strings(froms)
	for _, from := range froms {
		mb := b.add(newBlock("mapping", from))
		dests := ac.Mappings[jwt.Subject(from)]
		if len(dests) == 1 && dests[0].GetWeight() == 100 && dests[0].Cluster == "" {
			mb.attr("to", quote(string(dests[0].Subject)))
			continue
		}
		for _, d := range dests {
			db := mb.add(newBlock("destination", ""))
			db.attr("subject", quote(string(d.Subject)))
			if d.GetWeight() != 100 { // nsc leaves 0 for 100 (planner.Canonical)
				db.attr("weight", num(int64(d.Weight)))
			}
			if d.Cluster != "" {
				db.attr("cluster", quote(d.Cluster))
			}
		}
	}
}

// keyRefs writes a list of keys, each as a reference where ref knows the
// entity, else as the key.
func (c *converter) keyRefs(keys []string, ref func(string) string) string {
	s := append([]string(nil), keys...)
	sort.Strings(s)
	out := "["
	for i, k := range s {
		if i > 0 {
			out += ", "
		}
		if r := ref(k); r != "" {
			out += r
		} else {
			out += quote(k)
		}
	}
	return out + "]"
}

// accountRef is the reference to a managed account, "" for another.
func (c *converter) accountRef(key string) string {
	if a := c.byKey[key]; a != nil {
		return a.addr
	}
	return ""
}

func (c *converter) userRef(a *account, key string) string {
	for i, u := range a.Users {
		if u.Claims.Subject == key {
			return a.addr + ".user." + a.users[i]
		}
	}
	return ""
}

// revocations are the account's revocation entries as natsplan keeps
// them in state: users revoked for good (with an address for messages),
// and the activations its exports revoke, which revoke_activations in
// the configuration asks for and state dates (on a public export, where
// the language refuses them, state alone keeps them).
func (c *converter) revocations(a *account) []state.Revocation {
	var out []state.Revocation
	for key, at := range a.Claims.Revocations {
		addr := c.userRef(a, key)
		if addr == "" {
			addr = a.addr + ".user." + key
		}
		out = append(out, state.Revocation{PublicKey: key, At: at, Address: addr})
	}
	for _, e := range a.Claims.Exports {
		for key, at := range e.Revocations {
			r := state.Revocation{Export: a.exports[e], PublicKey: key, At: at}
			if !e.TokenReq {
				// Not in the configuration (exports.go): an entry with an
				// address stays in state for good, as a removed grant's does.
				r.Address = fmt.Sprintf("%s.%s.%s (revoked in nsc)", a.addr, e.Type, a.exports[e])
			}
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Export != out[j].Export {
			return out[i].Export < out[j].Export
		}
		return out[i].PublicKey < out[j].PublicKey
	})
	return out
}
