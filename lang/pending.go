package lang

// Plan must work before apply has created any key (DESIGN invariant 1), yet
// strings such as "help.${account.AccountC.public_key}" need a value. Until
// the real key exists, lang substitutes a placeholder: a syntactically valid
// public key derived from the entity's address, with no seed behind it. It
// is deterministic, so two plans of the same config agree, and it passes
// every syntax check a real key would (subject tokens, jwt/v2 claim
// validation). Config.Pending lists the placeholders used so renderers can
// print "(known after apply)" and apply can refuse to sign while any remain.

import (
	"crypto/sha256"
	"strings"
	"sync"

	"github.com/nats-io/nkeys"
)

// pendingKeyDomain separates placeholder hashes from any other use of
// sha256 over an address.
const pendingKeyDomain = "natsplan pending key\x00"

// PendingKey returns the placeholder public key that stands for the key of
// the entity at address until apply creates it: nkeys.Encode over
// sha256("natsplan pending key\x00" + address). The prefix follows the kind
// of entity (KeyPrefix), so the placeholder is a valid key of the right type.
func PendingKey(address string) string {
	sum := sha256.Sum256([]byte(pendingKeyDomain + address))
	key, err := nkeys.Encode(KeyPrefix(address), sum[:])
	if err != nil {
		// Encode fails only for an invalid prefix or a wrong length,
		// neither of which can happen here.
		panic("lang: cannot encode placeholder key: " + err.Error())
	}
	return string(key)
}

// KeyPrefix returns the kind of nkey the entity at address has: operator
// for "operator.NAME" and the operator's signing keys, user for
// "account.NAME.user.NAME", and account for everything else (accounts and
// their signing keys). Keys in brackets never hold a dot, so splitting
// an address at dots finds its parts.
func KeyPrefix(address string) nkeys.PrefixByte {
	parts := strings.Split(address, ".")
	switch {
	case parts[0] == "operator":
		return nkeys.PrefixByteOperator
	case len(parts) == 4 && parts[0] == "account" && parts[2] == "user":
		return nkeys.PrefixByteUser
	}
	return nkeys.PrefixByteAccount
}

// keySource answers "what is the public key of this entity" while a
// configuration is evaluated, and remembers every placeholder it handed out.
// An entity that a moved block renamed is looked up at its old address
// too, so that it keeps its key.
type keySource struct {
	mu      sync.Mutex // accounts are evaluated on all cores
	lookup  func(address string) (string, bool)
	newKeys func(addresses []string) []string
	moves   []*Move
	pending map[string]string // placeholder (or new key) -> address
	fresh   map[string]string // address -> new key, from newKeys
}

func newKeySource(opts LoadOptions) *keySource {
	return &keySource{lookup: opts.Keys, newKeys: opts.NewKeys, pending: map[string]string{}}
}

// prepare asks newKeys, if set, for the keys of every address in addrs
// that has none yet, all at once: creating keys one by one as evaluation
// meets them would run on one core.
func (k *keySource) prepare(addrs []string) {
	if k.newKeys == nil {
		return
	}
	var missing []string
	for _, a := range addrs {
		if _, ok := k.known(a); !ok {
			missing = append(missing, a)
		}
	}
	if len(missing) == 0 {
		return
	}
	keys := k.newKeys(missing)
	k.fresh = make(map[string]string, len(missing))
	for i, a := range missing {
		k.fresh[a] = keys[i]
	}
}

// key returns the known key of address, or the key made for it by
// prepare, or its placeholder. Made keys count as pending like
// placeholders: no seed of theirs is stored yet.
func (k *keySource) key(address string) string {
	if key, ok := k.known(address); ok {
		return key
	}
	key, ok := k.fresh[address]
	if !ok {
		key = PendingKey(address)
	}
	k.mu.Lock()
	k.pending[key] = address
	k.mu.Unlock()
	return key
}

func (k *keySource) known(address string) (string, bool) {
	if k.lookup == nil {
		return "", false
	}
	if key, ok := k.lookup(address); ok && key != "" {
		return key, true
	}
	if old, ok := MovedFrom(k.moves, address); ok {
		return k.lookup(old)
	}
	return "", false
}

// IsPending reports whether key is a placeholder substituted while this
// configuration was loaded.
func (c *Config) IsPending(key string) bool {
	_, ok := c.Pending[key]
	return ok
}
