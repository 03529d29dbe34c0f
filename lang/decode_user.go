package lang

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// userDecl is one instance of a user block.
type userDecl struct {
	*User
	b          *body
	label, key string
	each       cty.Value
}

func newUserDecl(b *body, in instance, a *accountDecl) *userDecl {
	u := &User{Name: instanceName(b.label(), in.key), ClaimName: claimName(b.label(), in.key),
		Account: a.Name, DeclRange: b.block.DefRange, Ranges: b.ranges()}
	u.address = u.Address()
	return &userDecl{b: b, label: b.label(), key: in.key, each: in.each, User: u}
}

// eval evaluates the user's arguments in its account's context.
func (u *userDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	e := s.evaluator(withEach(ctx, u.each))
	if attr := u.b.attrs["signed_by"]; attr != nil {
		u.Signer = e.accountKeyRef(attr, u.Account, "A user")
	}
	u.ClaimName = e.str(u.b.attrs["name"], u.ClaimName) // a JWT name that is no label (adopted from nsc)
	u.Settings = e.userSettings(u.b)
	u.Tags = e.tags(u.b.attrs["tags"])
	u.Validity = e.validity(u.b.attrs)
	u.PreventDestroy = e.preventDestroy(u.b, false)
	return e.diags
}

// accountKeyRef decodes account.NAME.signing_key.NAME, which must name a
// signing key of account, and returns the key's name. what is the thing
// signed, for the message when the key is another account's.
func (e *evaluator) accountKeyRef(attr *hcl.Attribute, account, what string) string {
	e.s.needKeyEntities(attr.Expr)
	ref, diags := decodeRef(attr, e.ctx, "account.NAME.signing_key.NAME", "account", "signing_key")
	e.diags = append(e.diags, diags...)
	if diags.HasErrors() {
		return ""
	}
	if ref.name != account {
		e.errorf(attr.Expr.Range(), "Signing key of another account",
			"%s can only be signed by a signing key of account %q, but this names one of account %q. "+
				"Use account.%s.signing_key.NAME.", what, account, ref.name, account)
		return ""
	}
	return ref.sub
}

// userSettings reads the permission and limit arguments of a user or of
// a signing key's template. Numbers default to -1, as in jwt/v2.
func (e *evaluator) userSettings(b *body) UserSettings {
	a := b.attrs
	us := UserSettings{
		Permissions: e.permissions(b),
		Limits: UserLimits{
			Subscriptions:  e.integer(a["subscriptions"], -1),
			Data:           e.size(a["data"], -1),
			Payload:        e.size(a["payload"], -1),
			SourceNetworks: e.strings(a["source_networks"]),
			Locale:         e.str(a["locale"], ""),
		},
		BearerToken:   e.boolean(a["bearer_token"], false),
		ProxyRequired: e.boolean(a["proxy_required"], false),
	}
	for _, tb := range b.nested["time"] {
		us.Limits.Times = append(us.Limits.Times, TimeRange{
			Start: e.str(tb.attrs["start"], ""), End: e.str(tb.attrs["end"], ""),
		})
	}
	for _, t := range e.strings(a["connection_types"]) {
		us.ConnectionTypes = append(us.ConnectionTypes, strings.ToUpper(t))
	}
	us.ConnectionTypes = uniqueSorted(us.ConnectionTypes)
	for _, names := range [][]string{permissionAttrs, userLimitAttrs} {
		for _, name := range names {
			if a[name] != nil {
				us.Set = append(us.Set, name)
			}
		}
	}
	if len(b.nested["time"]) > 0 {
		us.Set = append(us.Set, "time")
	}
	slices.Sort(us.Set)
	return us
}

// permissions reads allow_pub, allow_sub, allow_pubsub, deny_pub,
// deny_sub, deny_pubsub, allow_pub_response and response_ttl, the way nsc
// builds them from its flags of the same names.
func (e *evaluator) permissions(b *body) Permissions {
	a := b.attrs
	pubsub, denyBoth := e.strings(a["allow_pubsub"]), e.strings(a["deny_pubsub"])
	p := Permissions{
		PubAllow: uniqueSorted(append(e.strings(a["allow_pub"]), pubsub...)),
		SubAllow: uniqueSorted(append(e.strings(a["allow_sub"]), pubsub...)),
		PubDeny:  uniqueSorted(append(e.strings(a["deny_pub"]), denyBoth...)),
		SubDeny:  uniqueSorted(append(e.strings(a["deny_sub"]), denyBoth...)),
	}
	max, ttl := e.responseMax(a["allow_pub_response"]), e.duration(a["response_ttl"])
	if a["allow_pub_response"] != nil || ttl != 0 {
		if max > 0 || ttl != 0 {
			p.Responses = &ResponsePermission{MaxMsgs: max, TTL: ttl}
		}
	}
	return p
}

// responseMax reads allow_pub_response: true for one response, or a
// number of responses (false or 0: none).
func (e *evaluator) responseMax(attr *hcl.Attribute) int {
	v := e.value(attr, cty.DynamicPseudoType)
	switch {
	case v == cty.NilVal:
		return 0
	case v.Type() == cty.Bool:
		if v.True() {
			return 1
		}
		return 0
	}
	n := e.integer(attr, 0)
	if n < 0 {
		e.errorf(attr.Expr.Range(), "Invalid response count",
			"allow_pub_response is how many replies a request may get: true for one, or a positive number. "+
				"Remove it to allow none.")
		return 0
	}
	return int(n)
}

// checkPermissions reports permission subjects that nats-server would
// refuse or read differently than written, at the ranges in r.
func checkPermissions(p Permissions, r Ranges) hcl.Diagnostics {
	var diags hcl.Diagnostics
	lists := []struct {
		attr  string
		list  []string
		queue bool
	}{
		{"allow_pub", p.PubAllow, false}, {"deny_pub", p.PubDeny, false},
		{"allow_sub", p.SubAllow, true}, {"deny_sub", p.SubDeny, true},
	}
	for _, l := range lists {
		for _, s := range l.list {
			diags = append(diags, checkPermissionSubject(s, l.queue, l.attr, r)...)
		}
	}
	return diags
}

// checkPermissionSubject checks one entry: a subject, and for subscribe
// permissions an optional queue group after one space. Subjects starting
// with $ ($JS.API.>, $SYS.>) are ordinary subjects here; in HCL only ${
// starts an interpolation, so they need no escaping.
func checkPermissionSubject(s string, queue bool, attr string, r Ranges) hcl.Diagnostics {
	rng := permissionRange(attr, r)
	parts := strings.Split(s, " ")
	if len(parts) > 2 || len(parts) == 2 && !queue {
		what := "a publish permission takes a subject only"
		if queue {
			what = "a subscribe permission is a subject, optionally followed by one space and a queue group"
		}
		return hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid permission subject",
			Detail:  fmt.Sprintf("%q has too many spaces: %s. Remove the extra spaces.", s, what),
			Subject: rng.Ptr(),
		}}
	}
	if prob := subjectProblem(parts[0]); prob != "" {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid permission subject",
			Detail:  fmt.Sprintf("Subject %q is not valid: %s. Correct the subject.", parts[0], prob),
			Subject: rng.Ptr(),
		}}
	}
	if len(parts) == 2 && (parts[1] == "" || strings.ContainsAny(parts[1], "*>")) {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid queue group",
			Detail:  fmt.Sprintf("Queue group %q in %q must be a name without wildcards. Correct the queue group.", parts[1], s),
			Subject: rng.Ptr(),
		}}
	}
	return nil
}

// permissionRange finds where a permission entry was written: allow_pub
// entries may come from allow_pubsub too.
func permissionRange(attr string, r Ranges) hcl.Range {
	if r.Has(attr) {
		return r.Of(attr)
	}
	return r.Of(strings.TrimSuffix(strings.TrimSuffix(attr, "_pub"), "_sub") + "_pubsub")
}
