package lang

import (
	"slices"
	"strings"
	"testing"
)

// invalidCase is one configuration that must be refused, with every
// diagnostic it must produce ("file:line: Summary") and a phrase of the
// first one's detail.
type invalidCase struct {
	name      string
	src       string
	want      []string
	detail    string
	noPrelude bool
}

func runInvalid(t *testing.T, tests []invalidCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := loadCase(tc.src, !tc.noPrelude)
			got := diagLines(diags)
			if !slices.Equal(got, tc.want) {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
				for _, d := range diags {
					t.Logf("%s: %s", d.Summary, d.Detail)
				}
			}
			if tc.detail != "" && len(diags) > 0 && !strings.Contains(diags[0].Detail, tc.detail) {
				t.Errorf("detail %q does not contain %q", diags[0].Detail, tc.detail)
			}
			for _, d := range diags {
				if d.Subject == nil || d.Detail == "" || strings.HasSuffix(d.Summary, ".") {
					t.Errorf("diagnostic %q lacks a subject or detail, or its summary ends in a period", d.Summary)
				}
			}
		})
	}
}

// TestInvalidSigningConfigs covers signing keys, roles and strict usage.
func TestInvalidSigningConfigs(t *testing.T) {
	runInvalid(t, []invalidCase{
		{name: "permissions on a user of a scoped role",
			src: "account \"A\" {\n  signing_key \"dev\" {\n    template { allow_pub = [\"dev.>\"] }\n  }\n" +
				"  user \"u\" {\n    signed_by = account.A.signing_key.dev\n    allow_sub = [\"x\"]\n  }\n}\n",
			want: []string{"c.hcl:7: Permissions on a user of a scoped signing key"}, detail: "Remove allow_sub"},
		{name: "undeclared signing key",
			src:  "account \"A\" {\n  signing_key \"ops\" {}\n  user \"u\" { signed_by = account.A.signing_key.opz }\n}\n",
			want: []string{"c.hcl:3: Reference to undeclared signing key"}, detail: `Did you mean "ops"?`},
		{name: "signing key of another account",
			src:  "account \"A\" {\n  user \"u\" { signed_by = account.Exp.signing_key.k }\n}\n",
			want: []string{"c.hcl:2: Signing key of another account"}},
		{name: "strict without operator signing keys", noPrelude: true,
			src:  "operator \"O\" {\n  system_account = account.SYS\n  strict_signing_key_usage = true\n}\naccount \"SYS\" {}\n",
			want: []string{"c.hcl:3: Strict signing without signing keys"}},
		{name: "strict user without a key to default to", noPrelude: true,
			src: "operator \"O\" {\n  system_account = account.SYS\n  strict_signing_key_usage = true\n  signing_key \"a\" {}\n}\n" +
				"account \"SYS\" {}\naccount \"A\" {\n  user \"u\" {}\n}\n",
			want: []string{"c.hcl:8: Missing signing key"}},
		{name: "role without template",
			src:  "account \"A\" {\n  signing_key \"dev\" { role = \"dev\" }\n}\n",
			want: []string{"c.hcl:2: Role without template"}},
		{name: "duplicate signing key",
			src:  "account \"A\" {\n  signing_key \"k\" {}\n  signing_key \"k\" {}\n}\n",
			want: []string{"c.hcl:3: Duplicate signing key"}},
		{name: "account signed by an undeclared operator key",
			src:  "account \"A\" { signed_by = operator.O.signing_key.nope }\n",
			want: []string{"c.hcl:1: Reference to undeclared signing key"}},
		{name: "grant signed by an undeclared key of the exporter",
			src: "account \"I\" {}\ngrant \"g\" {\n  service   = account.Exp.service.priv\n  to        = account.I\n" +
				"  signed_by = account.Exp.signing_key.nope\n}\n",
			want: []string{"c.hcl:5: Reference to undeclared signing key"}},
		{name: "grant signed by a key of another account",
			src: "account \"I\" {\n  signing_key \"k\" {}\n}\ngrant \"g\" {\n  service   = account.Exp.service.priv\n" +
				"  to        = account.I\n  signed_by = account.I.signing_key.k\n}\n",
			want: []string{"c.hcl:7: Signing key of another account"}, detail: "The activation token of a grant"},
	})
}

// TestInvalidLimitConfigs covers account limits, JetStream and users.
func TestInvalidLimitConfigs(t *testing.T) {
	runInvalid(t, []invalidCase{
		{name: "JetStream with no storage",
			src:  "account \"A\" {\n  jetstream {\n    enabled = true\n    memory_storage = 0\n    disk_storage = 0\n  }\n}\n",
			want: []string{"c.hcl:2: JetStream enabled with no storage"}},
		{name: "JetStream limits while off",
			src:  "account \"A\" {\n  jetstream { disk_storage = \"1G\" }\n}\n",
			want: []string{"c.hcl:2: JetStream limits without JetStream"}, detail: "enabled = true"},
		{name: "global and tiered JetStream limits",
			src:  "account \"A\" {\n  jetstream {\n    enabled = true\n    streams = 3\n    tier \"R1\" {}\n    tier \"R2x\" {}\n  }\n}\n",
			want: []string{"c.hcl:4: Global and tiered JetStream limits", "c.hcl:6: Invalid JetStream tier"}},
		{name: "JetStream in the system account", noPrelude: true,
			src:  "operator \"O\" { system_account = account.SYS }\naccount \"SYS\" {\n  jetstream { enabled = true }\n}\n",
			want: []string{"c.hcl:3: JetStream in the system account"}},
		{name: "unknown connection type and bearer disallowed",
			src: "account \"A\" {\n  limits { disallow_bearer = true }\n  user \"u\" {\n    connection_types = [\"standard\", \"carrier_pigeon\"]\n" +
				"    bearer_token = true\n  }\n}\n",
			want: []string{"c.hcl:4: Unknown connection type", "c.hcl:5: Bearer token disallowed"}},
		{name: "bad networks, times and locale",
			src: "account \"A\" {\n  user \"u\" {\n    source_networks = [\"10.0.0.0/33\"]\n    locale = \"Mars/Olympus\"\n" +
				"    time {\n      start = \"8am\"\n      end = \"17:00:00\"\n    }\n  }\n}\n",
			want: []string{"c.hcl:2: Invalid time window", "c.hcl:3: Invalid source network", "c.hcl:4: Invalid locale"}},
		{name: "permission subjects",
			src: "account \"A\" {\n  user \"u\" {\n    allow_pub = [\"a b\"]\n    allow_sub = [\"orders.* workers\", \"x y z\"]\n" +
				"    deny_sub = [\"a..b\"]\n    allow_pubsub = [\"$JS.API.>\"]\n  }\n}\n",
			want: []string{"c.hcl:3: Invalid permission subject", "c.hcl:4: Invalid permission subject", "c.hcl:5: Invalid permission subject"}},
		{name: "too many exports, and wildcard exports off",
			src: "account \"A\" {\n  limits {\n    exports = 1\n    wildcard_exports = false\n  }\n" +
				"  service \"a\" { subject = \"a.*\" }\n  stream \"b\" { subject = \"b\" }\n}\n",
			want: []string{"c.hcl:3: Too many exports", "c.hcl:6: Wildcard export not allowed"}},
		{name: "bad sizes and durations",
			src:  "account \"A\" {\n  limits { data = \"1 furlong\" }\n  user \"u\" {\n    response_ttl = \"soon\"\n    allow_pub_response = -1\n  }\n}\n",
			want: []string{"c.hcl:2: Invalid size", "c.hcl:4: Invalid duration", "c.hcl:5: Invalid response count"}},
		{name: "conflicting expiry and a renewal without lifetime",
			src: "account \"A\" {\n  expires = \"2030-01-01\"\n  expires_in = \"30d\"\n}\n" +
				"account \"B\" {\n  renew_before = \"1d\"\n}\naccount \"C\" {\n  expires = \"tomorrow\"\n}\n",
			want: []string{"c.hcl:3: Conflicting expiry", "c.hcl:6: Renewal without lifetime", "c.hcl:9: Invalid time"}},
	})
}

// TestInvalidImportConfigs covers what nsc lets through about imports and
// exports.
func TestInvalidImportConfigs(t *testing.T) {
	runInvalid(t, []invalidCase{
		{name: "import of an export that does not exist",
			src:  "account \"A\" {\n  import \"x\" { service = account.Exp.service.gone }\n}\n",
			want: []string{"c.hcl:2: Reference to undeclared export"}},
		{name: "import of the wrong type",
			src:  "account \"A\" {\n  import \"x\" { stream = account.Exp.stream.pub }\n}\n",
			want: []string{"c.hcl:2: Wrong export kind"}},
		{name: "private export without a token",
			src:  "account \"A\" {\n  import \"x\" { service = account.Exp.service.priv }\n}\n",
			want: []string{"c.hcl:2: Missing grant"}},
		{name: "revoked activation",
			src: "account \"E\" {\n  service \"s\" {\n    subject = \"s.>\"\n    private = true\n    revoke_activations = [account.A]\n  }\n}\n" +
				"account \"A\" {\n  import \"s\" { service = account.E.service.s }\n}\n" +
				"grant \"g\" {\n  service = account.E.service.s\n  to = account.A\n}\n",
			// waivable: an error only for a plan that signs (planner)
			want:   []string{"c.hcl:9: warning: Import of a revoked activation"},
			detail: "refuses to sign account.A, account.E or grant.g"},
		{name: "token position without the importer's key",
			src: "account \"E\" {\n  service \"s\" {\n    subject = \"req.*\"\n    account_token_position = 2\n  }\n" +
				"  service \"bad\" {\n    subject = \"bad.*\"\n    account_token_position = 1\n  }\n}\n" +
				"account \"A\" {\n  import \"ok\" { service = account.E.service.s }\n  import \"s\" {\n    service = account.E.service.s\n    subject = \"req.x\"\n  }\n}\n",
			want: []string{"c.hcl:8: Invalid token position", "c.hcl:15: Import subject lacks the importer's key"}},
		{name: "token position on a private export",
			src:  "account \"E\" {\n  service \"s\" {\n    subject = \"req.*\"\n    private = true\n    account_token_position = 2\n  }\n}\n",
			want: []string{"c.hcl:5: Token position on a private export"}},
		{name: "overlapping service imports",
			src: "account \"E\" {\n  service \"a\" { subject = \"a.>\" }\n}\n" +
				"account \"A\" {\n  import \"one\" {\n    service = account.Exp.service.pub\n    local_subject = \"x.>\"\n  }\n" +
				"  import \"two\" {\n    service = account.E.service.a\n    local_subject = \"x.y.>\"\n  }\n}\n",
			// waivable (jwt/v2, and so nsc, let it through): an error only for a plan that signs (planner)
			want:   []string{"c.hcl:11: warning: Overlapping service imports"},
			detail: "refuses to sign account.A until it is fixed"},
		{name: "share and trace on the wrong kinds",
			src: "account \"A\" {\n  import \"s\" {\n    stream = account.Exp.stream.st\n    share = true\n  }\n" +
				"  import \"p\" {\n    service = account.Exp.service.pub\n    allow_trace = true\n  }\n}\n",
			want: []string{"c.hcl:4: Share on a stream import", "c.hcl:8: Trace on a service import"}},
		{name: "service options on a stream",
			src:  "account \"A\" {\n  stream \"s\" {\n    subject = \"s\"\n    response_type = \"Stream\"\n  }\n}\n",
			want: []string{"c.hcl:4: Service option on a stream"}},
		{name: "bad response type and latency",
			src: "account \"A\" {\n  service \"s\" {\n    subject = \"s\"\n    response_type = \"many\"\n" +
				"    latency {\n      sampling = 150\n      results = \"lat.*\"\n    }\n  }\n}\n",
			want: []string{"c.hcl:4: Invalid response type", "c.hcl:6: Invalid sampling", "c.hcl:7: Invalid results subject"}},
		{name: "external import with a bad key and token",
			src:  "account \"A\" {\n  import \"x\" {\n    service = \"weather.>\"\n    from = \"not-a-key\"\n    token = \"not-a-jwt\"\n  }\n}\n",
			want: []string{"c.hcl:4: Invalid public key", "c.hcl:5: Invalid activation token"}},
		{name: "token for a managed export",
			src:  "account \"A\" {\n  import \"x\" {\n    service = account.Exp.service.pub\n    token = \"x\"\n  }\n}\n",
			want: []string{"c.hcl:4: Token for a managed export"}},
		{name: "grant to a string that is no key",
			src:  "grant \"g\" {\n  service = account.Exp.service.priv\n  to = \"Bob\"\n}\n",
			want: []string{"c.hcl:3: Invalid public key"}},
	})
}

// TestInvalidAccountFeatureConfigs covers mappings, callout and tracing.
func TestInvalidAccountFeatureConfigs(t *testing.T) {
	runInvalid(t, []invalidCase{
		{name: "mapping destinations",
			src: "account \"A\" {\n  mapping \"orders.*\" { to = \"new.$2\" }\n  mapping \"a\" {\n" +
				"    destination {\n      subject = \"b\"\n      weight = 80\n    }\n    destination {\n      subject = \"c\"\n      weight = 30\n    }\n  }\n" +
				"  mapping \"x\" {}\n}\n",
			want: []string{"c.hcl:2: Invalid mapping destination", "c.hcl:10: Mapping weights exceed 100%", "c.hcl:13: Mapping without destination"}},
		{name: "tracing",
			src:  "account \"A\" {\n  trace {\n    destination = \"trace.*\"\n    sampling = 0\n  }\n}\n",
			want: []string{"c.hcl:3: Invalid trace destination", "c.hcl:4: Invalid sampling"}},
		{name: "authorization callout",
			src: "account \"A\" {\n  user \"auth\" {}\n  authorization {\n    auth_users = [account.A.user.auth, account.Exp.user.x]\n" +
				"    allowed_accounts = [account.Nope]\n    xkey = \"not-an-xkey\"\n  }\n}\n",
			want: []string{"c.hcl:4: Auth user of another account", "c.hcl:5: Reference to undeclared account", "c.hcl:6: Invalid xkey"}},
		{name: "moved blocks that cannot be right",
			src: "account \"A\" {}\nmoved {\n  from = account.A\n  to   = account.B\n}\nmoved {\n  from = account.Gone\n  to   = account.Nowhere\n}\n" +
				"moved {\n  from = account.X\n  to   = grant.g\n}\n",
			want: []string{"c.hcl:2: Moved block still declared", "c.hcl:6: Moved to an undeclared block", "c.hcl:12: Moved to another kind"}},
		{name: "operator attributes",
			src:  "\noperator \"P\" {\n  system_account = account.SYS\n}\n",
			want: []string{"c.hcl:2: Duplicate operator"}},
	})
}

// TestSeveralFeatureErrorsAtOnce is one configuration holding many of the
// mistakes above: every one is reported, in order, with its place.
func TestSeveralFeatureErrorsAtOnce(t *testing.T) {
	src := `account "A" {
  signing_key "dev" {
    template { allow_pub = ["dev.>"] }
  }
  user "u" {
    signed_by        = account.A.signing_key.dev
    bearer_token     = true
    connection_types = ["telepathy"]
  }
  jetstream { streams = 1 }
  mapping "m.*" { to = "n.$3" }
  import "x" { service = account.Exp.service.priv }
  import "y" { stream = account.Exp.stream.nope }
}
grant "g" {
  service = account.Exp.service.pub
  to      = "nobody"
}
`
	_, diags := loadCase(src, true)
	want := []string{
		"c.hcl:7: Permissions on a user of a scoped signing key",
		"c.hcl:8: Unknown connection type",
		"c.hcl:10: JetStream limits without JetStream",
		"c.hcl:11: Invalid mapping destination",
		"c.hcl:12: Missing grant",
		"c.hcl:13: Reference to undeclared export",
		"c.hcl:16: warning: Grant for public export",
		"c.hcl:17: Invalid public key",
	}
	if got := diagLines(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
