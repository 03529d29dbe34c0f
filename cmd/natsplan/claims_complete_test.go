package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/claimview"
	"github.com/natsplan/natsplan/view"
)

// claimsBase is the configuration every claim setting edits: each {{X}}
// holds the default in claimsDefaults unless a setting replaces it.
const claimsBase = `operator "O" {
  {{SYSREF}}
  signing_key "osk" {}
  {{OP}}
}
account "SYS" {}
account "C" {}
account "A" {
  {{ACCT}}
  signing_key "sk" {
    {{SK}}
  }
  service "s" {
    subject = "s.>"
    {{SVC}}
  }
  service "p" {
    subject = "p.>"
    private = true
  }
  stream "t" {
    {{STREAM}}
  }
  user "u" {
    {{USER}}
  }
}
account "B" {
  import "s" {
    {{IMPORT}}
  }
  {{BEXTRA}}
}
grant "g" {
  service = account.A.service.p
  {{GRANT}}
  {{GRANTX}}
}
`

var claimsDefaults = map[string]string{
	"SYSREF": "system_account = account.SYS",
	"STREAM": `subject = "t.>"`,
	"IMPORT": "service = account.A.service.s",
	"GRANT":  "to = account.B",
}

// claimSetting is a configuration that sets one JWT field, and what plans
// and show must then say: the attribute (blocks, then its name) with its
// rendered value.
type claimSetting struct {
	kind, path string // claimview table and JWT path
	edits      map[string]string
	addr       string   // the entity whose claims hold it
	want       []string // block keys, then the attribute
	value      string   // rendered; "key:ADDR" for the public key of ADDR
	shown      string   // in show, when it differs from value ("*": any)
}

const extAccount = "AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"

// userSetting is one user setting, for users, templates and default
// permissions: its JWT path below the user's settings, HCL, attribute and
// rendered value.
type userSetting struct{ path, hcl, attr, value string }

var userSettingsCases = []userSetting{
	{"pub.allow", `allow_pub = ["up.>"]`, "allow_pub", `["up.>"]`},
	{"pub.deny", `deny_pub = ["dp.>"]`, "deny_pub", `["dp.>"]`},
	{"sub.allow", `allow_sub = ["us.>"]`, "allow_sub", `["us.>"]`},
	{"sub.deny", `deny_sub = ["ds.>"]`, "deny_sub", `["ds.>"]`},
	{"resp.max", `allow_pub_response = 3`, "allow_pub_response", "3"},
	{"resp.ttl", "allow_pub_response = 2\n response_ttl = \"1m\"", "response_ttl", "1m0s"},
	{"src", `source_networks = ["10.0.0.0/8"]`, "source_networks", `["10.0.0.0/8"]`},
	{"times[].start", "time {\n start = \"08:00:00\"\n end = \"17:00:00\"\n }", "time.start", `"08:00:00"`},
	{"times[].end", "time {\n start = \"08:00:00\"\n end = \"17:00:00\"\n }", "time.end", `"17:00:00"`},
	{"times_location", `locale = "Europe/Berlin"`, "locale", `"Europe/Berlin"`},
	{"allowed_connection_types", `connection_types = ["STANDARD"]`, "connection_types", `["STANDARD"]`},
	{"bearer_token", `bearer_token = true`, "bearer_token", "true"},
	{"proxy_required", `proxy_required = true`, "proxy_required", "true"},
	{"subs", `subscriptions = 10`, "subscriptions", "10"},
	{"data", `data = "1M"`, "data", "1M"},
	{"payload", `payload = "1KiB"`, "payload", "1KiB"},
}

var jetStreamCases = []userSetting{
	{"mem_storage", `memory_storage = "1G"`, "memory_storage", "1G"},
	{"disk_storage", `disk_storage = "2G"`, "disk_storage", "2G"},
	{"streams", `streams = 3`, "streams", "3"},
	{"consumer", `consumers = 4`, "consumers", "4"},
	{"max_ack_pending", `max_ack_pending = 5`, "max_ack_pending", "5"},
	{"mem_max_stream_bytes", `memory_max_stream_bytes = "1MiB"`, "memory_max_stream_bytes", "1MiB"},
	{"disk_max_stream_bytes", `disk_max_stream_bytes = "2MiB"`, "disk_max_stream_bytes", "2MiB"},
	{"max_bytes_required", `max_bytes_required = true`, "max_bytes_required", "true"},
}

func one(placeholder, hcl string) map[string]string { return map[string]string{placeholder: hcl} }

func claimSettings(t *testing.T) []claimSetting {
	curve, err := nkeys.CreateCurveKeys()
	if err != nil {
		t.Fatal(err)
	}
	xkey, _ := curve.PublicKey()
	s := []claimSetting{
		{"operator", "nats.system_account", one("SYSREF", "system_account = account.C"), "operator.O", []string{"system_account"}, "C", ""},
		{"operator", "nats.signing_keys", one("OP", `signing_key "extra" {}`), "operator.O", []string{`signing_key "extra"`, "public_key"}, "(known after apply)", "*"},
		{"operator", "nats.strict_signing_key_usage", one("OP", "strict_signing_key_usage = true"), "operator.O", []string{"strict_signing_key_usage"}, "true", ""},
		{"operator", "nats.operator_service_urls", one("OP", `service_urls = ["nats://n.example.com:4222"]`), "operator.O", []string{"service_urls"}, `["nats://n.example.com:4222"]`, ""},
		{"operator", "nats.account_server_url", one("OP", `account_server_url = "https://as.example.com"`), "operator.O", []string{"account_server_url"}, `"https://as.example.com"`, ""},
		{"operator", "nats.assert_server_version", one("OP", `assert_server_version = "2.10.0"`), "operator.O", []string{"assert_server_version"}, `"2.10.0"`, ""},
		{"operator", "nats.tags", one("OP", `tags = ["ot"]`), "operator.O", []string{"tags"}, `["ot"]`, ""},
		{"operator", "nbf", one("OP", `not_before = "2026-01-01"`), "operator.O", []string{"not_before"}, `"2026-01-01T00:00:00Z"`, ""},
		{"operator", "exp", one("OP", `expires = "2031-01-01"`), "operator.O", []string{"expires"}, `"2031-01-01T00:00:00Z"`, ""},

		{"account", "iss", one("ACCT", "signed_by = operator.O.signing_key.osk"), "account.A", []string{"signed_by"}, "operator.O.signing_key.osk", ""},
		{"account", "nbf", one("ACCT", `not_before = "2026-01-01"`), "account.A", []string{"not_before"}, `"2026-01-01T00:00:00Z"`, ""},
		{"account", "exp", one("ACCT", `expires = "2031-01-01"`), "account.A", []string{"expires"}, `"2031-01-01T00:00:00Z"`, ""},
		{"account", "nats.description", one("ACCT", `description = "d"`), "account.A", []string{"description"}, `"d"`, ""},
		{"account", "nats.info_url", one("ACCT", `info_url = "https://i.example.com"`), "account.A", []string{"info_url"}, `"https://i.example.com"`, ""},
		{"account", "nats.cluster_traffic", one("ACCT", `cluster_traffic = "owner"`), "account.A", []string{"cluster_traffic"}, `"owner"`, ""},
		{"account", "nats.tags", one("ACCT", `tags = ["at"]`), "account.A", []string{"tags"}, `["at"]`, ""},

		{"account", "nats.exports[].subject", one("STREAM", `subject = "t2.>"`), "account.A", []string{`stream "t"`, "subject"}, `"t2.>"`, ""},
		{"account", "nats.exports[].token_req", one("STREAM", "subject = \"t.>\"\n private = true"), "account.A", []string{`stream "t"`, "private"}, "true", ""},
		{"account", "nats.exports[].account_token_position", one("STREAM", "subject = \"t.*\"\n account_token_position = 2"), "account.A", []string{`stream "t"`, "account_token_position"}, "2", ""},
		{"account", "nats.exports[].response_type", one("SVC", `response_type = "Stream"`), "account.A", []string{`service "s"`, "response_type"}, `"Stream"`, ""},
		{"account", "nats.exports[].response_threshold", one("SVC", `response_threshold = "1m"`), "account.A", []string{`service "s"`, "response_threshold"}, "1m0s", ""},
		{"account", "nats.exports[].service_latency.sampling", one("SVC", "latency {\n sampling = 50\n results = \"lat.x\"\n }"), "account.A", []string{`service "s"`, "latency", "sampling"}, "50", ""},
		{"account", "nats.exports[].service_latency.results", one("SVC", "latency {\n sampling = 50\n results = \"lat.x\"\n }"), "account.A", []string{`service "s"`, "latency", "results"}, `"lat.x"`, ""},
		{"account", "nats.exports[].advertise", one("SVC", "advertise = true"), "account.A", []string{`service "s"`, "advertise"}, "true", ""},
		{"account", "nats.exports[].allow_trace", one("SVC", "allow_trace = true"), "account.A", []string{`service "s"`, "allow_trace"}, "true", ""},
		{"account", "nats.exports[].description", one("SVC", `description = "ed"`), "account.A", []string{`service "s"`, "description"}, `"ed"`, ""},
		{"account", "nats.exports[].info_url", one("SVC", `info_url = "https://e.example.com"`), "account.A", []string{`service "s"`, "info_url"}, `"https://e.example.com"`, ""},
		{"account", "nats.exports[].revocations.*", one("STREAM", "subject = \"t.>\"\n private = true\n revoke_activations = [account.C]"), "account.A", []string{`stream "t"`, "revoke activation C", "public_key"}, "key:account.C", ""},

		{"account", "nats.imports[].subject", one("IMPORT", "service = account.A.service.s\n subject = \"s.x\""), "account.B", []string{`import "s"`, "subject"}, `"s.x"`, ""},
		{"account", "nats.imports[].account", one("IMPORT", "service = \"ext.>\"\n from = \""+extAccount+"\""), "account.B", []string{`import "s"`, "service"}, extAccount, ""},
		{"account", "nats.imports[].local_subject", one("IMPORT", "service = account.A.service.s\n local_subject = \"loc.>\""), "account.B", []string{`import "s"`, "local_subject"}, `"loc.>"`, ""},
		{"account", "nats.imports[].token", one("BEXTRA", "import \"p\" {\n service = account.A.service.p\n }"), "account.B", []string{`import "p"`, "activation"}, "grant.g", ""},
		{"account", "nats.imports[].share", one("IMPORT", "service = account.A.service.s\n share = true"), "account.B", []string{`import "s"`, "share"}, "true", ""},
		{"account", "nats.imports[].allow_trace", one("IMPORT", "stream = account.A.stream.t\n allow_trace = true"), "account.B", []string{`import "s"`, "allow_trace"}, "true", ""},

		{"account", "nats.limits.conn", one("ACCT", "limits {\n connections = 5\n }"), "account.A", []string{"limits", "connections"}, "5", ""},
		{"account", "nats.limits.leaf", one("ACCT", "limits {\n leaf_nodes = 6\n }"), "account.A", []string{"limits", "leaf_nodes"}, "6", ""},
		{"account", "nats.limits.data", one("ACCT", "limits {\n data = \"1MiB\"\n }"), "account.A", []string{"limits", "data"}, "1MiB", ""},
		{"account", "nats.limits.payload", one("ACCT", "limits {\n payload = \"2K\"\n }"), "account.A", []string{"limits", "payload"}, "2K", ""},
		{"account", "nats.limits.subs", one("ACCT", "limits {\n subscriptions = 7\n }"), "account.A", []string{"limits", "subscriptions"}, "7", ""},
		{"account", "nats.limits.imports", one("ACCT", "limits {\n imports = 8\n }"), "account.A", []string{"limits", "imports"}, "8", ""},
		{"account", "nats.limits.exports", one("ACCT", "limits {\n exports = 9\n }"), "account.A", []string{"limits", "exports"}, "9", ""},
		{"account", "nats.limits.wildcards", one("BEXTRA", "limits {\n wildcard_exports = false\n }"), "account.B", []string{"limits", "wildcard_exports"}, "false", ""},
		{"account", "nats.limits.disallow_bearer", one("ACCT", "limits {\n disallow_bearer = true\n }"), "account.A", []string{"limits", "disallow_bearer"}, "true", ""},

		{"account", "nats.signing_keys.*.role", one("SK", "role = \"r\"\n template {\n allow_pub = [\"x\"]\n }"), "account.A", []string{`signing_key "sk"`, "role"}, `"r"`, ""},
		{"account", "nats.signing_keys.*.description", one("SK", "description = \"sd\"\n template {\n allow_pub = [\"x\"]\n }"), "account.A", []string{`signing_key "sk"`, "description"}, `"sd"`, ""},

		{"account", "nats.mappings.*[].subject", one("ACCT", "mapping \"m.*\" {\n to = \"n.$1\"\n }"), "account.A", []string{`mapping "m.*"`, "destination", "subject"}, `"n.$1"`, ""},
		{"account", "nats.mappings.*[].weight", one("ACCT", "mapping \"m.*\" {\n destination {\n subject = \"n.$1\"\n weight = 40\n }\n }"), "account.A", []string{`mapping "m.*"`, "destination", "weight"}, "40", ""},
		{"account", "nats.mappings.*[].cluster", one("ACCT", "mapping \"m.*\" {\n destination {\n subject = \"n.$1\"\n cluster = \"east\"\n }\n }"), "account.A", []string{`mapping "m.*"`, "destination", "cluster"}, `"east"`, ""},
		{"account", "nats.authorization.auth_users", one("ACCT", "authorization {\n auth_users = [account.A.user.u]\n }"), "account.A", []string{"authorization", "auth_users"}, "[A.user.u]", ""},
		{"account", "nats.authorization.allowed_accounts", one("ACCT", "authorization {\n auth_users = [account.A.user.u]\n allowed_accounts = [account.B]\n }"), "account.A", []string{"authorization", "allowed_accounts"}, "[B]", ""},
		{"account", "nats.authorization.xkey", one("ACCT", "authorization {\n auth_users = [account.A.user.u]\n xkey = \""+xkey+"\"\n }"), "account.A", []string{"authorization", "xkey"}, `"` + xkey + `"`, ""},
		{"account", "nats.trace.dest", one("ACCT", "trace {\n destination = \"tr.x\"\n }"), "account.A", []string{"trace", "destination"}, `"tr.x"`, ""},
		{"account", "nats.trace.sampling", one("ACCT", "trace {\n destination = \"tr.x\"\n sampling = 50\n }"), "account.A", []string{"trace", "sampling"}, "50", ""},

		{"user", "iss", one("USER", "signed_by = account.A.signing_key.sk"), "account.A.user.u", []string{"signed_by"}, "A.signing_key.sk", ""},
		{"user", "nbf", one("USER", `not_before = "2026-01-01"`), "account.A.user.u", []string{"not_before"}, `"2026-01-01T00:00:00Z"`, ""},
		{"user", "exp", one("USER", `expires = "2031-01-01"`), "account.A.user.u", []string{"expires"}, `"2031-01-01T00:00:00Z"`, ""},
		{"user", "nats.tags", one("USER", `tags = ["one"]`), "account.A.user.u", []string{"tags"}, `["one"]`, ""},

		{"activation", "sub", one("GRANT", "to = account.C"), "grant.g", []string{"to"}, "C", ""},
		{"activation", "iss", one("GRANTX", "signed_by = account.A.signing_key.sk"), "grant.g", []string{"signed_by"}, "A.signing_key.sk", ""},
		{"activation", "nats.subject", one("GRANTX", `subject = "p.x"`), "grant.g", []string{"subject"}, `"p.x"`, ""},
		{"activation", "nbf", one("GRANTX", `not_before = "2026-01-01"`), "grant.g", []string{"not_before"}, `"2026-01-01T00:00:00Z"`, ""},
		{"activation", "exp", one("GRANTX", `expires = "2031-01-01"`), "grant.g", []string{"expires"}, `"2031-01-01T00:00:00Z"`, ""},
	}
	for _, u := range userSettingsCases {
		attr := strings.Split(u.attr, ".")
		s = append(s,
			claimSetting{"user", "nats." + u.path, one("USER", u.hcl), "account.A.user.u", attr, u.value, ""},
			claimSetting{"account", "nats.signing_keys.*.template." + u.path, one("SK", "template {\n"+u.hcl+"\n}"),
				"account.A", append([]string{`signing_key "sk"`, "template"}, attr...), u.value, ""})
		if strings.HasPrefix(u.path, "pub.") || strings.HasPrefix(u.path, "sub.") || strings.HasPrefix(u.path, "resp.") {
			s = append(s, claimSetting{"account", "nats.default_permissions." + u.path, one("ACCT", "default_permissions {\n"+u.hcl+"\n}"),
				"account.A", append([]string{"default_permissions"}, attr...), u.value, ""})
		}
	}
	for _, j := range jetStreamCases {
		s = append(s,
			claimSetting{"account", "nats.limits." + j.path, one("ACCT", "jetstream {\n enabled = true\n "+j.hcl+"\n}"),
				"account.A", []string{"jetstream", j.attr}, j.value, ""},
			claimSetting{"account", "nats.limits.tiered_limits.*." + j.path, one("ACCT", "jetstream {\n enabled = true\n tier \"R1\" {\n "+j.hcl+"\n }\n}"),
				"account.A", []string{"jetstream", `tier "R1"`, j.attr}, j.value, ""})
	}
	return s
}

var claimTables = map[string]*claimview.Table{"operator": claimview.OperatorTable, "account": claimview.AccountTable,
	"user": claimview.UserTable, "activation": claimview.ActivationTable}

// settable reports whether the configuration sets the field at path: it
// is shown, and natsplan does not set it on its own.
func settable(f claimview.Field) bool {
	return f.Source == "" && f.Unit != claimview.Hidden && (f.Unit < claimview.Labelled || f.Unit == claimview.KeyBlocks)
}

// Every JWT field the language can set (claimview's table holds every
// field of jwt/v2's claims; TestEveryClaimFieldIsNamed sees to that) is
// set here by a configuration, on top of an applied one. The plan, as text
// and as JSON, must name the attribute with its new value; after apply,
// show and show -json must name it with the same value; and a plan after
// that finds nothing.
func TestPlanAndShowNameEveryClaim(t *testing.T) {
	settings := claimSettings(t)
	covered := map[string]bool{}
	for _, s := range settings {
		f, ok := claimTables[s.kind].Lookup(s.path)
		if !ok {
			t.Fatalf("setting for %s %s, which claimview's table does not have", s.kind, s.path)
		}
		if f.Unit == claimview.Hidden {
			t.Fatalf("setting for %s %s, which is hidden", s.kind, s.path)
		}
		covered[s.kind+" "+s.path] = true
	}
	var missing []string
	for kind, table := range claimTables {
		for _, p := range table.Paths() {
			if f, _ := table.Lookup(p); settable(f) && !covered[kind+" "+p] {
				missing = append(missing, kind+" "+p)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("fields the language sets with no setting in this test: %s", strings.Join(missing, ", "))
	}

	base := t.TempDir()
	writeFile(t, filepath.Join(base, "main.hcl"), settingConfig(nil))
	mustRun(t, exitOK, base, "apply", "-auto-approve")
	baseState := readState(t, base)
	for _, s := range settings {
		t.Run(s.kind+" "+s.path, func(t *testing.T) {
			value := s.value
			if addr, ok := strings.CutPrefix(value, "key:"); ok {
				value = fmt.Sprintf("%q", baseState.Get(addr).PublicKey)
			}
			shown := s.shown
			if shown == "" {
				shown = value
			}
			dir := copyDir(t, base)
			writeFile(t, filepath.Join(dir, "main.hcl"), settingConfig(s.edits))
			out := mustRun(t, exitOK, dir, "plan")
			if err := textNames(out, s.addr, s.want, value); err != nil {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			js := mustRun(t, exitOK, dir, "plan", "-json")
			if err := jsonPlanNames(js, s.addr, s.want, value); err != nil {
				t.Fatalf("plan -json: %v\n%s", err, js)
			}
			md := mustRun(t, exitOK, dir, "plan", "-markdown")
			if err := markdownNames(md, s.addr, s.want, value); err != nil {
				t.Fatalf("plan -markdown: %v\n%s", err, md)
			}
			mustRun(t, exitOK, dir, "apply", "-auto-approve")
			out = mustRun(t, exitOK, dir, "show")
			if err := showTextNames(out, s.addr, s.want, shown); err != nil {
				t.Fatalf("show: %v\n%s", err, out)
			}
			js = mustRun(t, exitOK, dir, "show", "-json")
			if err := showJSONNames(js, s.addr, s.want, shown); err != nil {
				t.Fatalf("show -json: %v\n%s", err, js)
			}
			if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
				t.Fatalf("plan after apply is not empty:\n%s", out)
			}
		})
	}
}

func settingConfig(edits map[string]string) string {
	out := claimsBase
	for _, name := range []string{"SYSREF", "OP", "ACCT", "SK", "SVC", "STREAM", "USER", "IMPORT", "BEXTRA", "GRANT", "GRANTX"} {
		v, ok := edits[name]
		if !ok {
			v = claimsDefaults[name]
		}
		out = strings.Replace(out, "{{"+name+"}}", v, 1)
	}
	return out
}

// copyDir copies a project directory (configuration, state, keystore),
// keeping the modes the keystore insists on.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// textNames checks that the text plan's entry for addr holds the blocks
// of want, in order, and then the attribute with value as its (new) value.
func textNames(out, addr string, want []string, value string) error {
	start := strings.Index(out, "  # "+addr+" ")
	if start < 0 {
		return fmt.Errorf("no change for %s", addr)
	}
	seg := out[start:]
	if end := strings.Index(seg, "\n\n"); end >= 0 {
		seg = seg[:end]
	}
	return namesIn(seg, want, value)
}

// markdownNames finds the claim in the entity's details block of a
// markdown plan: its diff fence holds the plan's lines.
func markdownNames(out, addr string, want []string, value string) error {
	start := strings.Index(out, " "+addr+"</code>")
	for start >= 0 && !strings.HasSuffix(out[:start], "<summary><code>+") &&
		!strings.HasSuffix(out[:start], "<summary><code>~") && !strings.HasSuffix(out[:start], "<summary><code>-") {
		next := strings.Index(out[start+1:], " "+addr+"</code>")
		if next < 0 {
			start = -1
			break
		}
		start += 1 + next
	}
	if start < 0 {
		return fmt.Errorf("no details block for %s", addr)
	}
	seg := out[start:]
	if end := strings.Index(seg, "</details>"); end >= 0 {
		seg = seg[:end]
	}
	return namesIn(seg, want, value)
}

// namesIn finds the keys of want in order in text, the last followed by
// " = " and value (or "-> value") on its line.
func namesIn(text string, want []string, value string) error {
	at := 0
	for _, k := range want[:len(want)-1] {
		i := strings.Index(text[at:], k)
		if i < 0 {
			return fmt.Errorf("%q not found after %q", k, text[:at])
		}
		at += i + len(k)
	}
	leaf := want[len(want)-1]
	for rest := text[at:]; ; {
		i := strings.Index(rest, leaf+" = ")
		if i < 0 {
			return fmt.Errorf("no line %s = %s", strings.Join(want, " > "), value)
		}
		line := rest[i+len(leaf)+3:]
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		if value == "*" || strings.HasPrefix(line, value) || strings.Contains(line, "-> "+value) {
			return nil
		}
		rest = rest[i+len(leaf):]
	}
}

type jsonPlanAttr struct {
	Action string         `json:"action"`
	Key    string         `json:"key"`
	After  string         `json:"after"`
	Block  []jsonPlanAttr `json:"block"`
}

func jsonPlanNames(js, addr string, want []string, value string) error {
	var p struct {
		Changes []struct {
			Address string         `json:"address"`
			Diff    []jsonPlanAttr `json:"diff"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		return err
	}
	for _, c := range p.Changes {
		if c.Address != addr {
			continue
		}
		attrs := c.Diff
		for i, k := range want {
			var found *jsonPlanAttr
			for j := range attrs {
				if attrs[j].Key == k && attrs[j].Action != "delete" {
					found = &attrs[j]
				}
			}
			if found == nil {
				return fmt.Errorf("%s: no %q in %+v", addr, k, attrs)
			}
			if i == len(want)-1 {
				if found.After != value {
					return fmt.Errorf("%s: %s is %q, want %q", addr, strings.Join(want, " > "), found.After, value)
				}
				return nil
			}
			attrs = found.Block
		}
	}
	return fmt.Errorf("no change for %s", addr)
}

// showTextNames finds the row of the attribute (its dotted path) with its
// value in the claims tables of show.
func showTextNames(out, addr string, want []string, value string) error {
	key := strings.Join(want, ".")
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "│ "+key+" ") && (value == "*" || strings.Contains(line, "│ "+value+" ")) {
			return nil
		}
	}
	return fmt.Errorf("no row %s │ %s", key, value)
}

func showJSONNames(js, addr string, want []string, value string) error {
	var d view.StateDescription
	if err := json.Unmarshal([]byte(js), &d); err != nil {
		return err
	}
	var attrs []view.ClaimAttr
	switch {
	case strings.HasPrefix(addr, "operator."):
		attrs = d.Operator.Claims
	case strings.HasPrefix(addr, "grant."):
		for _, g := range d.Grants {
			if "grant."+g.Name == addr {
				attrs = g.Claims
			}
		}
	default:
		acct, user, isUser := strings.Cut(strings.TrimPrefix(addr, "account."), ".user.")
		for _, a := range d.Accounts {
			if a.Name != acct {
				continue
			}
			attrs = a.Claims
			for _, u := range a.Users {
				if isUser && u.Name == user {
					attrs = u.Claims
				}
			}
		}
	}
	for i, k := range want {
		var found *view.ClaimAttr
		for j := range attrs {
			if attrs[j].Key == k {
				found = &attrs[j]
			}
		}
		if found == nil {
			return fmt.Errorf("%s: no %q in %+v", addr, k, attrs)
		}
		if i == len(want)-1 {
			if value != "*" && found.Value != value {
				return fmt.Errorf("%s: %s is %q, want %q", addr, strings.Join(want, " > "), found.Value, value)
			}
			return nil
		}
		attrs = found.Block
	}
	return nil
}
