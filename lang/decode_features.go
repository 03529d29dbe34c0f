package lang

// Account features that are blocks of their own: subject mappings,
// scoped signing keys, the authorization callout and message tracing.

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/nkeys"
)

// mapping reads mapping "from" { to = "x" } or, for weighted and
// per-cluster destinations, mapping "from" { destination { ... } ... }.
func (e *evaluator) mapping(b *body) *Mapping {
	m := &Mapping{From: b.label(), DeclRange: b.block.DefRange, FromRange: b.block.LabelRanges[0]}
	e.diags = append(e.diags, checkSubject(m.From, m.FromRange)...)
	dests := b.nested["destination"]
	to := b.attrs["to"]
	switch {
	case to != nil && len(dests) > 0:
		e.errorf(to.Range, "Conflicting mapping destinations",
			"Use to = \"subject\" for a single destination or destination blocks for several, not both.")
	case to == nil && len(dests) == 0:
		e.errorf(b.block.DefRange, "Mapping without destination",
			"A mapping needs somewhere to send messages: add to = \"subject\", or destination blocks with weights.")
	case to != nil:
		m.Destinations = []*Destination{{Subject: e.str(to, ""), Weight: 100, Ranges: newRanges(to.Expr.Range(),
			hcl.Attributes{"subject": to})}}
	}
	for _, db := range dests {
		d := &Destination{Subject: e.str(db.attrs["subject"], ""), Cluster: e.str(db.attrs["cluster"], ""),
			Ranges: db.ranges()}
		w := e.integer(db.attrs["weight"], 100)
		if w < 1 || w > 100 {
			e.errorf(d.Ranges.Of("weight"), "Invalid weight",
				"A destination's weight is a percentage from 1 to 100 of the messages it receives.")
		}
		d.Weight = int(w)
		m.Destinations = append(m.Destinations, d)
	}
	return m
}

// signingKey reads a signing_key block of an account into k. A template
// block makes it scoped: the role's permissions and limits.
func (e *evaluator) signingKey(k *SigningKey, b *body) {
	e.rotation(k, b)
	k.Description = e.str(b.attrs["description"], "")
	k.Role = e.str(b.attrs["role"], k.Name)
	t := b.one("template")
	if t == nil {
		if b.attrs["role"] != nil || b.attrs["description"] != nil {
			e.errorf(b.block.DefRange, "Role without template",
				"role and description describe a scoped signing key, which a template block makes. "+
					"Add template { ... } with the role's permissions, or remove role and description.")
		}
		return
	}
	k.Scoped = true
	k.Template = e.userSettings(t)
}

// authorization reads the authorization callout block.
func (e *evaluator) authorization(b *body) *Authorization {
	if b == nil {
		return nil
	}
	a := &Authorization{
		AuthUsers:       e.keyRefs(b.attrs["auth_users"], "user", false),
		AllowedAccounts: e.keyRefs(b.attrs["allowed_accounts"], "account", true),
		XKey:            e.str(b.attrs["xkey"], ""),
		Ranges:          b.ranges(),
	}
	for _, u := range a.AuthUsers {
		e.diags = append(e.diags, checkKey(u, "user", nkeys.IsValidPublicUserKey)...)
	}
	for _, acct := range a.AllowedAccounts {
		e.diags = append(e.diags, checkKey(acct, "account", nkeys.IsValidPublicAccountKey)...)
	}
	if a.XKey != "" && !nkeys.IsValidPublicCurveKey(a.XKey) {
		e.errorf(a.Ranges.Of("xkey"), "Invalid xkey",
			"%q is not a public curve (x25519) key, which starts with X. Generate one with nk -gen curve -pubout.", a.XKey)
	}
	if len(a.AuthUsers) == 0 {
		e.errorf(a.Ranges.Of("auth_users"), "Authorization without users",
			"The authorization callout needs at least one auth user: the user the callout service connects as, "+
				"which bypasses the callout.")
	}
	return a
}

// trace reads trace { destination = "subject", sampling = 100 }.
func (e *evaluator) trace(b *body) *Trace {
	if b == nil {
		return nil
	}
	t := &Trace{Destination: e.str(b.attrs["destination"], ""), Ranges: b.ranges()}
	t.Sampling = int(e.integer(b.attrs["sampling"], 100))
	if t.Sampling < 1 || t.Sampling > 100 {
		e.errorf(t.Ranges.Of("sampling"), "Invalid sampling",
			"Trace sampling is the percentage of messages traced, from 1 to 100.")
	}
	if prob := subjectProblem(t.Destination); t.Destination != "" && (prob != "" || hasWildcard(t.Destination)) {
		e.errorf(t.Ranges.Of("destination"), "Invalid trace destination",
			"Traces are published on %q, which must be a subject without wildcards. Correct it.", t.Destination)
	}
	return t
}
