package graph

// Status is what a plan does to a node or an edge.
type Status int

// Statuses, from a plan's actions.
const (
	Same Status = iota
	Added
	Changed
	Removed
)

// String is the status's word, used as the Mermaid class and in legends.
func (s Status) String() string {
	switch s {
	case Added:
		return "added"
	case Changed:
		return "changed"
	case Removed:
		return "removed"
	}
	return "same"
}

// Kinds of nodes.
const (
	KindOperator   = "operator"
	KindAccount    = "account"
	KindUser       = "user"
	KindUsers      = "users" // users collapsed to a count
	KindSigningKey = "signing_key"
	KindExport     = "export"
	KindExternal   = "external" // an account not managed here
	KindGrant      = "grant"    // a removed grant, drawn on its own
)

// Node is one box of the picture. ID is its address (or, for collapsed
// users and external accounts, an address-like name); writers never
// print IDs, only labels.
type Node struct {
	ID     string
	Kind   string
	Label  string
	Group  string // the account whose cluster holds it, "" for none
	Status Status
}

// Edge is one arrow: a tree edge (signs), or an import.
type Edge struct {
	From, To string // node IDs
	Label    string
	Import   bool
	Private  bool // an import of a private export, through a grant
	Status   Status
}

// Group is an account's cluster.
type Group struct {
	ID    string // the account's address
	Label string
}

// Graph is the picture, in a stable order.
type Graph struct {
	Nodes  []Node
	Edges  []Edge
	Groups []Group
}
