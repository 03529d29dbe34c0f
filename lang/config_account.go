package lang

import (
	"github.com/hashicorp/hcl/v2"
)

// Account is one account block (or one instance of it) with its nested
// users, exports, imports and signing keys.
type Account struct {
	Name      string // instance name: the label, or label["key"]
	ClaimName string // the JWT's name: the label, or the for_each key
	PublicKey string // from LoadOptions.Keys, or a placeholder
	Users     []*User
	Exports   []*Export
	Imports   []*Import

	// SigningKeys are the account's signing keys; those with a template
	// are scoped (roles).
	SigningKeys []*SigningKey

	// Signer is the name of the operator signing key that signs the
	// account, or empty for the operator's identity key.
	Signer string

	Limits             AccountLimits
	JetStream          *JetStream // nil: JetStream disabled
	DefaultPermissions Permissions
	Mappings           []*Mapping
	Authorization      *Authorization // nil: no authorization callout
	Trace              *Trace
	ClusterTraffic     string
	Description        string
	InfoURL            string
	Tags               []string
	Validity           Validity
	PreventDestroy     bool

	DeclRange hcl.Range
	Ranges    Ranges
}

// Address is the account's address in plans and state.
func (a *Account) Address() string { return "account." + a.Name }

// Export returns the named export of the account, or nil.
func (a *Account) Export(name string) *Export {
	for _, e := range a.Exports {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// User returns the named user of the account, or nil.
func (a *Account) User(name string) *User {
	for _, u := range a.Users {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// SigningKey returns the named signing key of the account, or nil.
func (a *Account) SigningKey(name string) *SigningKey { return findKey(a.SigningKeys, name) }

// AccountLimits are the limits block of an account. Every number defaults
// to -1, unlimited, as in jwt/v2's NewAccountClaims.
type AccountLimits struct {
	Connections     int64
	LeafNodes       int64
	Data            int64
	Payload         int64
	Subscriptions   int64
	Imports         int64
	Exports         int64
	WildcardExports bool // default true
	DisallowBearer  bool
	Ranges          Ranges
}

// JetStream is the jetstream block of an account with enabled = true:
// either global limits, or limits per replication tier.
type JetStream struct {
	Global JetStreamLimits
	Tiers  []*JetStreamTier // sorted by name; when set, Global is unused
	Ranges Ranges
}

// JetStreamTier is one tier "R3" { ... } block.
type JetStreamTier struct {
	Name   string
	Limits JetStreamLimits
	Range  hcl.Range
}

// JetStreamLimits are JetStream limits; numbers default to -1, unlimited.
type JetStreamLimits struct {
	MemoryStorage        int64
	DiskStorage          int64
	Streams              int64
	Consumers            int64
	MaxAckPending        int64
	MemoryMaxStreamBytes int64
	DiskMaxStreamBytes   int64
	MaxBytesRequired     bool
	Ranges               Ranges
}

// Mapping is a mapping block: messages published on From are delivered on
// one of the destinations, by weight, per cluster.
type Mapping struct {
	From         string
	Destinations []*Destination
	DeclRange    hcl.Range
	FromRange    hcl.Range
}

// Destination is one destination of a mapping.
type Destination struct {
	Subject string
	Weight  int // percent, 1 to 100
	Cluster string
	Ranges  Ranges
}

// SigningKey is a signing_key block of an operator or an account. An
// account's signing key with a template block is scoped: users it signs get
// the template's permissions and limits and carry none of their own.
type SigningKey struct {
	Name        string
	Owner       string // address of the operator or account
	PublicKey   string // from LoadOptions.Keys, or a placeholder
	Scoped      bool
	Role        string // scoped keys: the role name, defaults to Name
	Description string
	Template    UserSettings
	// Retiring (retire = true) and Compromised (compromised = true) stage
	// the key's rotation (rotation.go): nothing is signed by it any more;
	// a retiring key stays listed in its owner's JWT, a compromised one
	// is dropped from it at once.
	Retiring    bool
	Compromised bool
	Ranges      Ranges
	DeclRange   hcl.Range
}

// Address is the signing key's address: its seed is kept in the keystore
// like any other key natsplan generates.
func (k *SigningKey) Address() string { return k.Owner + ".signing_key." + k.Name }

// Authorization is the authorization block of an account: the
// authorization callout.
type Authorization struct {
	// AuthUsers are the users that bypass the callout (the callout
	// service itself). AllowedAccounts are the accounts the service may
	// place users in; a Key of "*" allows any.
	AuthUsers       []KeyRef
	AllowedAccounts []KeyRef
	XKey            string
	Ranges          Ranges
}

// Trace is the trace block of an account: where message traces go.
type Trace struct {
	Destination string
	Sampling    int // percent, default 100
	Ranges      Ranges
}

// KeyRef names an entity either by reference (Address set, Key its public
// key or placeholder) or by public key alone, for an entity natsplan does
// not manage (Address empty).
type KeyRef struct {
	Address string
	Key     string
	Range   hcl.Range
}
