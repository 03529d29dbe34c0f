package claimview

// The table of every JWT field natsplan knows: where the language shows
// it and in which unit. Paths are the JSON names of jwt/v2's fields
// (embedded structs flattened, as in the JWT), with "[]" for the elements
// of a list and "*" for the entries of a map: "nats.limits.conn",
// "nats.exports[].subject", "nats.mappings.*[].weight". A field missing
// here still shows, under its path (walk.go); TestEveryClaimFieldIsNamed
// fails until it is described.

import "sync"

// Unit says how a field's value reads, or, for the elements of a list or
// map, how they become blocks.
type Unit int

// Units of fields.
const (
	Text     Unit = iota // a string, quoted
	Plain                // a number, a bool, or a name such as service
	List                 // strings: ["a", "b"]
	Size                 // bytes: 1MiB, 10G; -1 is unlimited
	Duration             // 1m0s
	Time                 // unix seconds, as an RFC 3339 UTC time
	Key                  // a public key, by the name the configuration gives it
	Keys                 // a list of public keys, by name
	Signer               // the key that signed: a default unless it is a signing key
	Sampling             // a latency sampling rate: a percentage, or headers
	Token                // an import's activation token, by the grant it comes from
	Hidden               // not shown (Source says why)

	// The units of containers: a field whose entries are blocks.
	Labelled   // a block per entry; Attr holds %s for the entry's label
	Repeated   // a block per element, each with Attr as its key
	Revocation // a map of key -> time: a block per revoked key
	KeyBlocks  // a list of public keys: a signing_key block each
)

// Label kinds of Labelled containers.
const (
	LabelKey        = iota // the map key, quoted
	LabelName              // the element's name field, quoted
	LabelExport            // the export's type and quoted name: service "help"
	LabelSigningKey        // the signing key's name in the configuration
)

// Field is one JWT field as the language shows it.
type Field struct {
	// Attr is where it shows: block keys and the attribute, dotted,
	// relative to the block of the entry it belongs to. Labelled
	// containers hold %s for the label of each entry; in a leaf, %s is
	// the type (service, stream) of the entry it belongs to.
	Attr string
	Unit Unit
	// Label is how a Labelled container labels its entries.
	Label int
	// Quiet fields are set by natsplan or follow from another line: they
	// show only where they change, never in a creation or in `show`.
	Quiet bool
	// Source is empty for a field the configuration sets, and says why
	// otherwise: who sets it, or why nobody does.
	Source string
}

type entry struct {
	Path string
	Field
}

const (
	byNatsplan = "natsplan sets it"
	byLabel    = "natsplan sets it from the block label"
	notSet     = "the language does not set it; shown when a JWT carries it"
	perSigning = "changes on every signing; not part of the claims digest, never compared"
)

// identity are the fields of every JWT that say whose it is.
func identity(sub Field) []entry {
	return []entry{
		{"sub", sub},
		{"iss", Field{Attr: "signed_by", Unit: Signer, Source: "natsplan sets it from signed_by"}},
		{"name", Field{Attr: "name", Unit: Text, Quiet: true, Source: byLabel}},
	}
}

// validity are the other fields of every JWT, shown last.
func validity() []entry {
	return []entry{
		{"nbf", Field{Attr: "not_before", Unit: Time}},
		{"exp", Field{Attr: "expires", Unit: Time}},
		{"aud", Field{Attr: "audience", Unit: Text, Source: notSet}},
		{"iat", Field{Unit: Hidden, Source: perSigning}},
		{"jti", Field{Unit: Hidden, Source: perSigning}},
	}
}

// generic are the fields every nats section carries (jwt.GenericFields).
func generic(tags string) []entry {
	return []entry{
		{"nats.tags", Field{Attr: "tags", Unit: List, Source: tags}},
		{"nats.type", Field{Attr: "type", Unit: Plain, Quiet: true, Source: byNatsplan + ": the claim kind"}},
		{"nats.version", Field{Attr: "version", Unit: Plain, Quiet: true, Source: byNatsplan + ": jwt/v2's format, 2"}},
	}
}

var publicKey = Field{Attr: "public_key", Unit: Text, Source: byNatsplan + ": the entity's key"}

var operatorFields = concat(
	identity(publicKey),
	[]entry{
		{"nats.system_account", Field{Attr: "system_account", Unit: Key}},
		{"nats.signing_keys", Field{Attr: "signing_key %s", Unit: KeyBlocks}},
		{"nats.strict_signing_key_usage", Field{Attr: "strict_signing_key_usage", Unit: Plain}},
		{"nats.operator_service_urls", Field{Attr: "service_urls", Unit: List}},
		{"nats.account_server_url", Field{Attr: "account_server_url", Unit: Text}},
		{"nats.assert_server_version", Field{Attr: "assert_server_version", Unit: Text}},
	},
	generic(""),
	validity(),
)

var accountFields = concat(
	identity(publicKey),
	[]entry{
		{"nats.description", Field{Attr: "description", Unit: Text}},
		{"nats.info_url", Field{Attr: "info_url", Unit: Text}},
		{"nats.cluster_traffic", Field{Attr: "cluster_traffic", Unit: Text}},
	},
	generic(""),
	exportFields("nats.exports[]"),
	importFields("nats.imports[]"),
	[]entry{
		{"nats.limits.conn", Field{Attr: "limits.connections", Unit: Plain}},
		{"nats.limits.leaf", Field{Attr: "limits.leaf_nodes", Unit: Plain}},
		{"nats.limits.data", Field{Attr: "limits.data", Unit: Size}},
		{"nats.limits.payload", Field{Attr: "limits.payload", Unit: Size}},
		{"nats.limits.subs", Field{Attr: "limits.subscriptions", Unit: Plain}},
		{"nats.limits.imports", Field{Attr: "limits.imports", Unit: Plain}},
		{"nats.limits.exports", Field{Attr: "limits.exports", Unit: Plain}},
		{"nats.limits.wildcards", Field{Attr: "limits.wildcard_exports", Unit: Plain}},
		{"nats.limits.disallow_bearer", Field{Attr: "limits.disallow_bearer", Unit: Plain}},
	},
	jetStreamFields("nats.limits", "jetstream."),
	[]entry{{"nats.limits.tiered_limits.*", Field{Attr: "jetstream.tier %s", Unit: Labelled, Label: LabelKey}}},
	jetStreamFields("nats.limits.tiered_limits.*", ""),
	[]entry{
		{"nats.signing_keys.*", Field{Attr: "signing_key %s", Unit: Labelled, Label: LabelSigningKey}},
		{"nats.signing_keys.*.kind", Field{Attr: "kind", Unit: Plain, Quiet: true, Source: byNatsplan + ": a template makes a user scope"}},
		{"nats.signing_keys.*.key", Field{Attr: "key", Unit: Text, Quiet: true, Source: byNatsplan + ": the signing key, shown as its public_key"}},
		{"nats.signing_keys.*.role", Field{Attr: "role", Unit: Text}},
		{"nats.signing_keys.*.description", Field{Attr: "description", Unit: Text}},
	},
	userSettings("nats.signing_keys.*.template", "template."),
	permissionFields("nats.default_permissions", "default_permissions."),
	[]entry{
		{"nats.mappings.*", Field{Attr: "mapping %s", Unit: Labelled, Label: LabelKey}},
		{"nats.mappings.*[]", Field{Attr: "destination", Unit: Repeated}},
		{"nats.mappings.*[].subject", Field{Attr: "subject", Unit: Text}},
		{"nats.mappings.*[].weight", Field{Attr: "weight", Unit: Plain}},
		{"nats.mappings.*[].cluster", Field{Attr: "cluster", Unit: Text}},
		{"nats.authorization.auth_users", Field{Attr: "authorization.auth_users", Unit: Keys}},
		{"nats.authorization.allowed_accounts", Field{Attr: "authorization.allowed_accounts", Unit: Keys}},
		{"nats.authorization.xkey", Field{Attr: "authorization.xkey", Unit: Text}},
		{"nats.trace.dest", Field{Attr: "trace.destination", Unit: Text}},
		{"nats.trace.sampling", Field{Attr: "trace.sampling", Unit: Plain}},
		{"nats.revocations.*", Field{Attr: "revoke user %s", Unit: Revocation,
			Source: "natsplan sets it when a user is removed"}},
	},
	validity(),
)

func exportFields(p string) []entry {
	return []entry{
		{p, Field{Attr: "%s", Unit: Labelled, Label: LabelExport}},
		{p + ".name", Field{Unit: Hidden, Source: "the block label"}},
		{p + ".type", Field{Unit: Hidden, Source: "the block type: service or stream"}},
		{p + ".subject", Field{Attr: "subject", Unit: Text}},
		{p + ".token_req", Field{Attr: "private", Unit: Plain}},
		{p + ".account_token_position", Field{Attr: "account_token_position", Unit: Plain}},
		{p + ".response_type", Field{Attr: "response_type", Unit: Text}},
		{p + ".response_threshold", Field{Attr: "response_threshold", Unit: Duration}},
		{p + ".service_latency.sampling", Field{Attr: "latency.sampling", Unit: Sampling}},
		{p + ".service_latency.results", Field{Attr: "latency.results", Unit: Text}},
		{p + ".advertise", Field{Attr: "advertise", Unit: Plain}},
		{p + ".allow_trace", Field{Attr: "allow_trace", Unit: Plain}},
		{p + ".description", Field{Attr: "description", Unit: Text}},
		{p + ".info_url", Field{Attr: "info_url", Unit: Text}},
		{p + ".revocations.*", Field{Attr: "revoke activation %s", Unit: Revocation,
			Source: "revoke_activations, and natsplan when a grant is removed"}},
	}
}

func importFields(p string) []entry {
	return []entry{
		{p, Field{Attr: "import %s", Unit: Labelled, Label: LabelName}},
		{p + ".name", Field{Unit: Hidden, Source: "the block label"}},
		{p + ".type", Field{Unit: Hidden, Source: "the key of the exporter's line: service or stream"}},
		{p + ".account", Field{Attr: "%s", Unit: Key, Source: "the exporting account, as the import names its export"}},
		{p + ".subject", Field{Attr: "subject", Unit: Text}},
		{p + ".local_subject", Field{Attr: "local_subject", Unit: Text}},
		{p + ".token", Field{Attr: "activation", Unit: Token}},
		{p + ".share", Field{Attr: "share", Unit: Plain}},
		{p + ".allow_trace", Field{Attr: "allow_trace", Unit: Plain}},
		{p + ".to", Field{Attr: "to", Unit: Text, Source: "jwt/v2 deprecates it for local_subject; " + notSet}},
	}
}

func jetStreamFields(p, attr string) []entry {
	return []entry{
		{p + ".mem_storage", Field{Attr: attr + "memory_storage", Unit: Size}},
		{p + ".disk_storage", Field{Attr: attr + "disk_storage", Unit: Size}},
		{p + ".streams", Field{Attr: attr + "streams", Unit: Plain}},
		{p + ".consumer", Field{Attr: attr + "consumers", Unit: Plain}},
		{p + ".max_ack_pending", Field{Attr: attr + "max_ack_pending", Unit: Plain}},
		{p + ".mem_max_stream_bytes", Field{Attr: attr + "memory_max_stream_bytes", Unit: Size}},
		{p + ".disk_max_stream_bytes", Field{Attr: attr + "disk_max_stream_bytes", Unit: Size}},
		{p + ".max_bytes_required", Field{Attr: attr + "max_bytes_required", Unit: Plain}},
	}
}

func permissionFields(p, attr string) []entry {
	return []entry{
		{p + ".pub.allow", Field{Attr: attr + "allow_pub", Unit: List}},
		{p + ".pub.deny", Field{Attr: attr + "deny_pub", Unit: List}},
		{p + ".sub.allow", Field{Attr: attr + "allow_sub", Unit: List}},
		{p + ".sub.deny", Field{Attr: attr + "deny_sub", Unit: List}},
		{p + ".resp.max", Field{Attr: attr + "allow_pub_response", Unit: Plain}},
		{p + ".resp.ttl", Field{Attr: attr + "response_ttl", Unit: Duration}},
	}
}

// userSettings are a user's permissions and limits, also a scoped
// signing key's template.
func userSettings(p, attr string) []entry {
	return concat(permissionFields(p, attr), []entry{
		{p + ".src", Field{Attr: attr + "source_networks", Unit: List}},
		{p + ".times[]", Field{Attr: attr + "time", Unit: Repeated}},
		{p + ".times[].start", Field{Attr: "start", Unit: Text}},
		{p + ".times[].end", Field{Attr: "end", Unit: Text}},
		{p + ".times_location", Field{Attr: attr + "locale", Unit: Text}},
		{p + ".allowed_connection_types", Field{Attr: attr + "connection_types", Unit: List}},
		{p + ".bearer_token", Field{Attr: attr + "bearer_token", Unit: Plain}},
		{p + ".proxy_required", Field{Attr: attr + "proxy_required", Unit: Plain}},
		{p + ".subs", Field{Attr: attr + "subscriptions", Unit: Plain}},
		{p + ".data", Field{Attr: attr + "data", Unit: Size}},
		{p + ".payload", Field{Attr: attr + "payload", Unit: Size}},
	})
}

var userFields = concat(
	identity(publicKey),
	userSettings("nats", ""),
	[]entry{{"nats.issuer_account", Field{Attr: "issuer_account", Unit: Key, Quiet: true,
		Source: byNatsplan + ": the account whose signing key signed_by names"}}},
	generic(""),
	validity(),
)

var activationFields = concat(
	identity(Field{Attr: "to", Unit: Key}),
	[]entry{
		{"nats.kind", Field{Attr: "kind", Unit: Plain, Source: "service or stream, as the grant names its export"}},
		{"nats.subject", Field{Attr: "subject", Unit: Text}},
		{"nats.issuer_account", Field{Attr: "issuer_account", Unit: Key, Quiet: true,
			Source: byNatsplan + ": the exporting account, when a signing key issues the grant"}},
	},
	generic(notSet),
	validity(),
)

func concat(lists ...[]entry) []entry {
	var out []entry
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// Table is the fields of one claim kind, by path, with their order.
type Table struct {
	fields map[string]Field
	rank   map[string]int
	cache  sync.Map // fieldsKey -> []field (walk.go)
}

func newTable(entries []entry) *Table {
	t := &Table{fields: map[string]Field{}, rank: map[string]int{}}
	for i, e := range entries {
		if _, dup := t.fields[e.Path]; dup {
			panic("claimview: " + e.Path + " is in the table twice")
		}
		t.fields[e.Path], t.rank[e.Path] = e.Field, i
	}
	return t
}

// Lookup returns the field at a JWT path.
func (t *Table) Lookup(path string) (Field, bool) {
	f, ok := t.fields[path]
	return f, ok
}

// Paths lists the table's paths.
func (t *Table) Paths() []string {
	out := make([]string, 0, len(t.fields))
	for p := range t.fields {
		out = append(out, p)
	}
	return out
}

// The tables of the four claim kinds.
var (
	OperatorTable   = newTable(operatorFields)
	AccountTable    = newTable(accountFields)
	UserTable       = newTable(userFields)
	ActivationTable = newTable(activationFields)
)
