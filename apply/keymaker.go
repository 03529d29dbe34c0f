package apply

import (
	"sync"

	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// KeyMaker makes the keys of new entities before apply plans (it is
// lang.LoadOptions.NewKeys), so that the plan apply shows is the plan it
// signs: the configuration is loaded and planned once, not again after
// the keys exist. The keys stay in memory until Apply stores those the
// plan uses; Wipe forgets them all. Nothing is written before Apply.
type KeyMaker struct {
	mu   sync.Mutex
	keys map[string]*state.NewKey // by public key
}

// NewKeyMaker returns an empty KeyMaker.
func NewKeyMaker() *KeyMaker { return &KeyMaker{keys: map[string]*state.NewKey{}} }

// Make creates one key per address, of the kind the address needs, on all
// cores, and returns their public keys. Should a key fail to generate,
// its address gets lang's placeholder, and Apply makes that key itself.
func (m *KeyMaker) Make(addrs []string) []string {
	keys, _ := generateKeys(addrs) // a key that failed is nil, and gets a placeholder
	pubs := make([]string, len(addrs))
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, k := range keys {
		if k == nil {
			pubs[i] = lang.PendingKey(addrs[i])
			continue
		}
		m.keys[k.Public] = k
		pubs[i] = k.Public
	}
	return pubs
}

// take hands the key with public key pub over to Apply.
func (m *KeyMaker) take(pub string) (*state.NewKey, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.keys[pub]
	delete(m.keys, pub)
	return k, ok
}

// Wipe zeroes the seeds of every key not handed to Apply: a cancelled
// apply, or keys of entities the plan did not use.
func (m *KeyMaker) Wipe() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for pub, k := range m.keys {
		k.Wipe()
		delete(m.keys, pub)
	}
}

// generateKeys makes one key per address, of the kind the address needs
// (lang.KeyPrefix), on all cores. A key that could not be made is nil,
// with its error at the same index.
func generateKeys(addrs []string) ([]*state.NewKey, []error) {
	keys, errs := make([]*state.NewKey, len(addrs)), make([]error, len(addrs))
	parallel.For(len(addrs), 256, func(i int) { keys[i], errs[i] = state.GenerateKey(lang.KeyPrefix(addrs[i])) })
	return keys, errs
}
