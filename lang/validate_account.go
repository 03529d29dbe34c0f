package lang

// Rules for an account and what it holds, beyond imports: limits,
// JetStream in the system account, bearer tokens, user settings,
// mappings and exports. Each rule says on which argument the problem is.

import (
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// account runs the per-account rules.
func (v *validator) account(a *Account) {
	v.accountSigner(a)
	v.authorization(a)
	if op := v.cfg.Operator; op != nil && op.SystemAccount == a.Name && a.JetStream != nil {
		v.errorf(a.JetStream.Ranges.Decl, "JetStream in the system account",
			"The system account carries nats-server's own traffic and cannot have JetStream. "+
				"Remove the jetstream block, or enable JetStream in another account.")
	}
	v.diags = append(v.diags, checkPermissions(a.DefaultPermissions, a.Ranges)...)
	v.accountInfo(a.Description, a.InfoURL, a.Ranges)
	if t := a.ClusterTraffic; t != "" && t != "system" && t != "owner" {
		v.errorf(a.Ranges.Of("cluster_traffic"), "Invalid cluster traffic",
			"%q is not a cluster traffic setting. Use \"system\" (the default) or \"owner\".", t)
	}
	for _, k := range a.SigningKeys {
		if k.Scoped {
			v.userSettings(a, k.Template, Ranges{Decl: k.DeclRange})
		}
	}
	for _, u := range a.Users {
		v.userSigner(a, u)
		v.userSettings(a, u.Settings, u.Ranges)
	}
	v.exportLimits(a)
	for _, e := range a.Exports {
		v.export(e)
	}
	for _, m := range a.Mappings {
		v.mapping(m)
	}
	v.overlappingServiceImports(a)
}

// userSettings checks a user's or a template's settings.
func (v *validator) userSettings(a *Account, us UserSettings, r Ranges) {
	v.diags = append(v.diags, checkPermissions(us.Permissions, r)...)
	for _, t := range us.ConnectionTypes {
		if !isConnectionType(t) {
			v.errorf(r.Of("connection_types"), "Unknown connection type",
				"%q is not a connection type nats-server knows. Use some of %q.", t, connectionTypes)
		}
	}
	if us.BearerToken && a.Limits.DisallowBearer {
		v.errorf(r.Of("bearer_token"), "Bearer token disallowed",
			"Account %q sets disallow_bearer, so nats-server refuses bearer tokens from its users. "+
				"Remove bearer_token, or allow bearer tokens in the account's limits.", a.Name)
	}
	for _, cidr := range us.Limits.SourceNetworks {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			v.errorf(r.Of("source_networks"), "Invalid source network",
				"%q is not a network in CIDR notation. Write it as 192.168.1.0/24, or 10.1.2.3/32 for one address.", cidr)
		}
	}
	for _, t := range us.Limits.Times {
		for _, s := range []string{t.Start, t.End} {
			if err := checkTimeOfDay(s); err != nil {
				v.errorf(r.Of("time"), "Invalid time window", "%s. Write start and end as \"08:00:00\".", err)
			}
		}
	}
	if loc := us.Limits.Locale; loc != "" {
		if _, err := time.LoadLocation(loc); err != nil {
			v.errorf(r.Of("locale"), "Invalid locale",
				"%q is not a time zone. Use an IANA name such as \"Europe/Berlin\" or \"UTC\".", loc)
		}
	}
}

// accountInfo checks description and info_url as jwt/v2 does.
func (v *validator) accountInfo(description, infoURL string, r Ranges) {
	if len(description) > 8*1024 {
		v.errorf(r.Of("description"), "Description too long", "A description holds at most 8 KiB. Shorten it.")
	}
	if infoURL != "" {
		if u, err := url.Parse(infoURL); err != nil || u.Scheme == "" || u.Hostname() == "" {
			v.errorf(r.Of("info_url"), "Invalid info URL", "%q is not a URL with a scheme and a host. Write it as https://host/page.", infoURL)
		}
	}
}

// exportLimits checks the account's own export and import limits.
func (v *validator) exportLimits(a *Account) {
	l := a.Limits
	if l.Exports >= 0 && int64(len(a.Exports)) > l.Exports {
		v.errorf(l.Ranges.Of("exports"), "Too many exports",
			"Account %q has %d exports but its limits allow %d. Raise the limit, or remove exports.", a.Name, len(a.Exports), l.Exports)
	}
	if l.Imports >= 0 && int64(len(a.Imports)) > l.Imports {
		v.errorf(l.Ranges.Of("imports"), "Too many imports",
			"Account %q has %d imports but its limits allow %d. Raise the limit, or remove imports.", a.Name, len(a.Imports), l.Imports)
	}
	if l.WildcardExports {
		return
	}
	for _, e := range a.Exports {
		if hasWildcard(e.Subject) {
			v.errorf(e.SubjectRange, "Wildcard export not allowed",
				"Account %q sets wildcard_exports = false, but subject %q has a wildcard. Export literal subjects, or allow wildcard exports.",
				a.Name, e.Subject)
		}
	}
}

// export checks the options of one export.
func (v *validator) export(e *Export) {
	v.accountInfo(e.Description, e.InfoURL, e.Ranges)
	if e.Kind == Stream {
		for _, name := range []string{"response_type", "response_threshold", "allow_trace", "latency"} {
			if e.Ranges.Has(name) || name == "latency" && e.Latency != nil {
				v.errorf(e.Ranges.Of(name), "Service option on a stream",
					"%s applies to services only; a stream has no responses to measure or trace. Remove it, or make this a service.", name)
			}
		}
	}
	if e.TokenPosition > 0 && e.Private {
		v.errorf(e.Ranges.Of("account_token_position"), "Token position on a private export",
			"account_token_position lets any account import its own slice of a public export; a private export is "+
				"narrowed by each grant's subject instead. Remove private, or remove account_token_position and give each grant its subject.")
	}
	if e.TokenPosition > 0 && validSubject(e.Subject) {
		toks := subjectTokens(e.Subject)
		if int(e.TokenPosition) > len(toks) || toks[e.TokenPosition-1] != "*" {
			v.errorf(e.Ranges.Of("account_token_position"), "Invalid token position",
				"account_token_position = %d must point at a * in subject %q, where each importer's public key goes. "+
					"Count tokens from 1.", e.TokenPosition, e.Subject)
		}
	}
	if len(e.Revoke) > 0 && !e.Private {
		v.errorf(e.Ranges.Of("revoke_activations"), "Revocation on a public export",
			"revoke_activations revokes activation tokens, but %s %q is public: any account imports it without a token, "+
				"so nats-server would go on serving the accounts listed. Set private = true (and give each importer a grant), "+
				"or remove revoke_activations.", e.Kind, e.Name)
	}
	for _, r := range e.Revoke {
		name := strings.TrimPrefix(r.Address, "account.")
		if r.Address != "" && v.accounts[name] == nil {
			v.diags = append(v.diags, undeclared("account", name, v.names, r.Range))
		}
		v.diags = append(v.diags, checkKey(r, "account", isAccountKey)...)
	}
}

// mapping checks a mapping's destinations the way nats-server will when it
// loads the account, and the weights, which must not exceed 100% per
// cluster.
func (v *validator) mapping(m *Mapping) {
	if !validSubject(m.From) {
		return
	}
	total := map[string]int{}
	for _, d := range m.Destinations {
		if _, err := server.NewSubjectTransform(m.From, d.Subject); err != nil {
			v.errorf(d.Ranges.Of("subject"), "Invalid mapping destination",
				"nats-server cannot map %q to %q: %s. Use $1 or {{wildcard(1)}} for the first * of the mapped subject, and so on.",
				m.From, d.Subject, err)
		}
		total[d.Cluster] += d.Weight
		if total[d.Cluster] > 100 {
			where := "without a cluster"
			if d.Cluster != "" {
				where = "for cluster " + d.Cluster
			}
			v.errorf(d.Ranges.Of("weight"), "Mapping weights exceed 100%",
				"The destinations of %q %s add up to %d%%. Lower the weights so that they add up to at most 100.",
				m.From, where, total[d.Cluster])
		}
	}
}
