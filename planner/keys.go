package planner

import (
	"crypto/sha256"
	"strings"
	"sync"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// keyring answers "what is the public key of this entity" during a plan:
// the key recorded in state, or a placeholder when the entity is new.
type keyring struct {
	mu      sync.Mutex // key is called by the workers that build accounts
	known   func(addr string) (string, bool)
	pending map[string]string // placeholder key -> address
	byAddr  map[string]string // address -> the pending key lang gave it
}

func newKeyring(known func(string) (string, bool), cfg *lang.Config) *keyring {
	k := &keyring{known: known, pending: make(map[string]string, len(cfg.Pending)),
		byAddr: make(map[string]string, len(cfg.Pending))}
	for key, addr := range cfg.Pending {
		k.pending[key], k.byAddr[addr] = addr, key
	}
	return k
}

// key returns the public key of the entity at addr with the given kind.
// Accounts use lang's placeholder so that keys interpolated into subjects
// and keys in claims agree.
func (k *keyring) key(kind state.Kind, addr string) string {
	if key, ok := k.known(addr); ok {
		return key
	}
	if key, ok := k.byAddr[addr]; ok { // a placeholder, or a key apply made
		return key
	}
	var key string
	switch kind {
	case state.KindAccount:
		key = lang.PendingKey(addr)
	case state.KindOperator:
		key = pendingKey(nkeys.PrefixByteOperator, addr)
	default:
		key = pendingKey(nkeys.PrefixByteUser, addr)
	}
	k.mu.Lock()
	k.pending[key] = addr
	k.mu.Unlock()
	return key
}

// pendingKey is a syntactically valid public key with no seed behind it,
// derived from the address so that plans are deterministic.
func pendingKey(prefix nkeys.PrefixByte, addr string) string {
	sum := sha256.Sum256([]byte("natsplan pending key\x00" + addr))
	key, err := nkeys.Encode(prefix, sum[:])
	if err != nil {
		panic("planner: cannot encode placeholder key: " + err.Error())
	}
	return string(key)
}

// StateKeys adapts a state to lang.LoadOptions.Keys, so that
// account.X.public_key evaluates to the key already in state. A signing
// key ("account.A.signing_key.k") is found on its owner's resource.
// These keys are only what the state says: the plan shows a key that
// disagrees with the entity's JWT as a replacement (replace.go), and
// apply verifies the whole state (trust) before it signs for any of them.
func StateKeys(st *state.State) func(string) (string, bool) {
	return func(addr string) (string, bool) {
		if r := st.Get(addr); r != nil && r.PublicKey != "" {
			return r.PublicKey, true
		}
		if owner, name, ok := strings.Cut(addr, ".signing_key."); ok {
			if r := st.Get(owner); r != nil && r.SigningKeys[name] != "" {
				return r.SigningKeys[name], true
			}
		}
		return "", false
	}
}
