package lang

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// User is a user nested in an account (or one instance of it).
type User struct {
	Name      string // instance name: the label, or label["key"]
	ClaimName string // the JWT's name: the label, or the for_each key
	Account   string
	PublicKey string // from LoadOptions.Keys, or a placeholder

	// Signer is the name of the account signing key that issues the user,
	// or empty for the account's identity key.
	Signer string

	Settings       UserSettings
	Tags           []string
	Validity       Validity
	PreventDestroy bool

	DeclRange hcl.Range
	Ranges    Ranges

	address string // made once by lang: plans look it up several times per user
}

// Address is the user's address in plans and state.
func (u *User) Address() string {
	if u.address != "" {
		return u.address
	}
	return "account." + u.Account + ".user." + u.Name
}

// UserSettings are the permissions and limits of a user, which a scoped
// signing key's template block also holds.
type UserSettings struct {
	Permissions     Permissions
	Limits          UserLimits
	ConnectionTypes []string // upper case, sorted
	BearerToken     bool
	ProxyRequired   bool

	// Set lists the attributes and blocks given, so that a user of a
	// scoped signing key can be told which of its settings are ignored.
	Set []string
}

// Permissions are publish and subscribe permissions. Subscribe entries may
// carry a queue group after a space: "orders.* workers".
type Permissions struct {
	PubAllow, PubDeny []string // sorted, distinct
	SubAllow, SubDeny []string
	Responses         *ResponsePermission
}

// Empty reports whether no permission is set.
func (p Permissions) Empty() bool {
	return len(p.PubAllow)+len(p.PubDeny)+len(p.SubAllow)+len(p.SubDeny) == 0 && p.Responses == nil
}

// ResponsePermission lets a user publish to the reply subjects of the
// requests it receives: at most MaxMsgs replies each, within TTL seconds.
type ResponsePermission struct {
	MaxMsgs int
	TTL     int64 // nanoseconds; 0: no time limit
}

// UserLimits are a user's connection limits. Numbers default to -1.
type UserLimits struct {
	Subscriptions  int64
	Data           int64
	Payload        int64
	SourceNetworks []string // CIDRs, sorted
	Times          []TimeRange
	Locale         string
}

// TimeRange is a daily window in which a user may connect, as "15:04:05".
type TimeRange struct {
	Start, End string
}

// connectionTypes are the connection types nats-server knows, as jwt/v2
// spells them.
var connectionTypes = []string{
	"STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS", "IN_PROCESS",
}

func isConnectionType(s string) bool {
	for _, t := range connectionTypes {
		if t == strings.ToUpper(s) {
			return true
		}
	}
	return false
}
