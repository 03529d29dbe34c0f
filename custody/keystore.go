package custody

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// Keystore is the custody of seeds in a state.Keystore (plain or sealed
// with age, see Age): Key reads a seed once, checks it is pub's, and
// keeps the derived private key for the length of one run.
type Keystore struct {
	KS *state.Keystore

	mu   sync.Mutex
	keys map[string]*signingKey
}

// FromKeystore wraps ks; a nil ks holds no key.
func FromKeystore(ks *state.Keystore) *Keystore { return &Keystore{KS: ks} }

// Has reports whether the keystore holds a seed for pub.
func (k *Keystore) Has(pub string) bool { return k.KS != nil && k.KS.Has(pub) }

// Why says why the keystore cannot use pub's seed, if not only because
// it has none.
func (k *Keystore) Why(pub string) string {
	if k.KS == nil {
		return ""
	}
	if err := k.KS.Find(pub); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err.Error()
	}
	return ""
}

// Where names the keystore's directory.
func (k *Keystore) Where() string {
	if k.KS == nil {
		return "no keystore"
	}
	return "keystore " + k.KS.Root
}

// Key returns the signing form of pub's seed, read on first use.
func (k *Keystore) Key(pub string) (Key, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if sk, ok := k.keys[pub]; ok {
		return sk, nil
	}
	if !k.Has(pub) {
		return nil, fmt.Errorf("%s holds no seed for %s: %w", k.Where(), pub, ErrNoKey)
	}
	kp, err := k.KS.Get(pub)
	if err != nil {
		return nil, err
	}
	defer kp.Wipe()
	sk, err := newSigningKey(kp)
	if err != nil {
		return nil, err
	}
	if k.keys == nil {
		k.keys = map[string]*signingKey{}
	}
	k.keys[pub] = sk
	return sk, nil
}

// Close wipes every private key Key derived.
func (k *Keystore) Close() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	for pub, sk := range k.keys {
		wipe(sk.priv)
		delete(k.keys, pub)
	}
	if k.KS != nil {
		k.KS.Forget()
	}
	return nil
}

// signingKey is an operator's or account's key ready to sign many JWTs.
// nkeys.KeyPair keeps only the seed and re-derives the key pair on every
// PublicKey and Sign call; an account signing its users, or an operator
// signing ten thousand accounts, would pay that derivation per JWT. The
// derived private key is kept instead, for the length of one apply.
type signingKey struct {
	pub  string
	priv ed25519.PrivateKey
}

func newSigningKey(kp nkeys.KeyPair) (*signingKey, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, err
	}
	seed, err := kp.Seed()
	if err != nil {
		return nil, fmt.Errorf("key %s has no seed: %w", pub, err)
	}
	defer wipe(seed)
	_, raw, err := nkeys.DecodeSeed(seed)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", pub, err)
	}
	defer wipe(raw)
	return &signingKey{pub: pub, priv: ed25519.NewKeyFromSeed(raw)}, nil
}

func (k *signingKey) PublicKey() (string, error) { return k.pub, nil }

func (k *signingKey) Sign(input []byte) ([]byte, error) { return ed25519.Sign(k.priv, input), nil }

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
