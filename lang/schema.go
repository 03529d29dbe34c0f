package lang

// Every block type is decoded against a static hcl.BodySchema. The schemas
// form a tree (schemaNode) so that one function, decodeBody, decodes a
// block and everything nested in it, reporting unknown arguments ("Did you
// mean ...?"), missing required ones and repeated blocks once, whatever
// for_each later makes of the block. The tree is also the list of every
// block and argument of the language that docs/language.md describes.

import (
	"github.com/hashicorp/hcl/v2"
)

// schemaNode is the schema of one block type and of the blocks it holds.
type schemaNode struct {
	schema *hcl.BodySchema
	nested map[string]*schemaNode
	single bool // at most one such block in its parent
	schemaOnce
}

func attrs(names ...string) []hcl.AttributeSchema {
	out := make([]hcl.AttributeSchema, len(names))
	for i, n := range names {
		out[i] = hcl.AttributeSchema{Name: n}
	}
	return out
}

func withValidity(list []hcl.AttributeSchema) []hcl.AttributeSchema {
	return append(list, validityAttrs...)
}

// node builds a schemaNode; labels gives the label names of nested blocks.
func node(attributes []hcl.AttributeSchema, nested map[string]*schemaNode, labels map[string]string) *schemaNode {
	n := &schemaNode{schema: &hcl.BodySchema{Attributes: attributes}, nested: nested}
	for typ := range nested {
		h := hcl.BlockHeaderSchema{Type: typ}
		if l, ok := labels[typ]; ok {
			h.LabelNames = []string{l}
		}
		n.schema.Blocks = append(n.schema.Blocks, h)
	}
	return n
}

func single(n *schemaNode) *schemaNode { n.single = true; return n }

// Argument groups shared by several blocks.
var (
	permissionAttrs = []string{"allow_pub", "allow_sub", "allow_pubsub", "deny_pub", "deny_sub", "deny_pubsub",
		"allow_pub_response", "response_ttl"}
	userLimitAttrs = []string{"source_networks", "locale", "connection_types", "bearer_token", "proxy_required",
		"subscriptions", "data", "payload"}
	jetstreamLimitAttrs = []string{"memory_storage", "disk_storage", "streams", "consumers", "max_ack_pending",
		"memory_max_stream_bytes", "disk_max_stream_bytes", "max_bytes_required"}
)

func lifecycleNode() *schemaNode { return single(node(attrs("prevent_destroy"), nil, nil)) }

func timeNode() *schemaNode {
	return node([]hcl.AttributeSchema{{Name: "start", Required: true}, {Name: "end", Required: true}}, nil, nil)
}

func userSettingsNode(extra []hcl.AttributeSchema, blocks map[string]*schemaNode) *schemaNode {
	list := append(attrs(permissionAttrs...), attrs(userLimitAttrs...)...)
	if blocks == nil {
		blocks = map[string]*schemaNode{}
	}
	blocks["time"] = timeNode()
	return node(append(list, extra...), blocks, nil)
}

var (
	userNode = userSettingsNode(withValidity(attrs("for_each", "signed_by", "tags", "name")),
		map[string]*schemaNode{"lifecycle": lifecycleNode()})

	exportNode = node(append([]hcl.AttributeSchema{{Name: "subject", Required: true}},
		attrs("for_each", "private", "response_type", "response_threshold", "account_token_position",
			"advertise", "allow_trace", "description", "info_url", "revoke_activations", "name")...),
		map[string]*schemaNode{"latency": single(node([]hcl.AttributeSchema{
			{Name: "sampling"}, {Name: "results", Required: true}}, nil, nil))}, nil)

	importNode = node(attrs("for_each", "service", "stream", "subject", "local_subject", "share", "allow_trace",
		"from", "token", "token_url", "allow_insecure_url", "name"), nil, nil)

	jetstreamTierNode = node(attrs(jetstreamLimitAttrs...), nil, nil)

	accountNode = node(withValidity(attrs("for_each", "signed_by", "description", "info_url", "tags", "cluster_traffic", "name")),
		map[string]*schemaNode{
			"user":    userNode,
			"service": exportNode,
			"stream":  exportNode,
			"import":  importNode,
			"signing_key": node(attrs("role", "description", "retire", "compromised"), map[string]*schemaNode{
				"template": single(userSettingsNode(nil, nil)),
			}, nil),
			"limits": single(node(attrs("connections", "leaf_nodes", "data", "payload", "subscriptions",
				"imports", "exports", "wildcard_exports", "disallow_bearer"), nil, nil)),
			"jetstream": single(node(append(attrs("enabled"), attrs(jetstreamLimitAttrs...)...),
				map[string]*schemaNode{"tier": jetstreamTierNode}, map[string]string{"tier": "name"})),
			"default_permissions": single(node(attrs(permissionAttrs...), nil, nil)),
			"mapping": node(attrs("to"), map[string]*schemaNode{
				"destination": node(append([]hcl.AttributeSchema{{Name: "subject", Required: true}},
					attrs("weight", "cluster")...), nil, nil),
			}, nil),
			"authorization": single(node(append([]hcl.AttributeSchema{{Name: "auth_users", Required: true}},
				attrs("allowed_accounts", "xkey")...), nil, nil)),
			"trace": single(node(append([]hcl.AttributeSchema{{Name: "destination", Required: true}},
				attrs("sampling")...), nil, nil)),
			"lifecycle": lifecycleNode(),
		}, map[string]string{"user": "name", "service": "name", "stream": "name", "import": "name",
			"signing_key": "name", "mapping": "subject"})

	operatorNode = node(withValidity(attrs("system_account", "strict_signing_key_usage", "service_urls",
		"account_server_url", "assert_server_version", "tags", "name")),
		map[string]*schemaNode{
			"signing_key": node(attrs("retire", "compromised"), nil, nil),
			"lifecycle":   lifecycleNode(),
		}, map[string]string{"signing_key": "name"})

	grantNode = node(withValidity(append([]hcl.AttributeSchema{{Name: "to", Required: true}},
		attrs("for_each", "service", "stream", "subject", "token_file", "signed_by")...)),
		map[string]*schemaNode{"lifecycle": lifecycleNode()}, nil)

	variableNode = node(attrs("type", "default", "description"), nil, nil)
)

// rootSchema is the top level of every file.
var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "moved"},
		{Type: "operator", LabelNames: []string{"name"}},
		{Type: "account", LabelNames: []string{"name"}},
		{Type: "grant", LabelNames: []string{"name"}},
	},
}
