package state

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	"github.com/nats-io/nkeys"
)

// NewKey is a freshly generated nkey, to be stored with a KeyBatch. Its
// public key is derived once, here: nkeys.KeyPair re-derives it from the
// seed on every call, and for a fleet of a hundred thousand users that
// derivation, not signing, was the cost of creating keys.
//
// The seed is unexported and String prints only the public key, so a
// NewKey can be logged or wrapped in an error without leaking its seed.
type NewKey struct {
	Public string
	seed   []byte
	priv   ed25519.PrivateKey
}

// GenerateKey makes a new key of the given kind (nkeys.PrefixByteAccount,
// ...), with its public key and seed encoded as nkeys encodes them.
func GenerateKey(prefix nkeys.PrefixByte) (*NewKey, error) {
	raw := make([]byte, ed25519.SeedSize)
	rand.Read(raw) // crypto/rand cannot fail (Go 1.24+ aborts instead)
	defer wipe(raw)
	priv := ed25519.NewKeyFromSeed(raw)
	pub, err := nkeys.Encode(prefix, priv.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("encoding a new %v key: %w", prefix, err)
	}
	seed, err := nkeys.EncodeSeed(prefix, raw)
	if err != nil {
		return nil, fmt.Errorf("encoding a new %v seed: %w", prefix, err)
	}
	return &NewKey{Public: string(pub), seed: seed, priv: priv}, nil
}

func (k NewKey) String() string { return k.Public }

// GoString keeps %#v from printing the seed's bytes.
func (k NewKey) GoString() string { return "state.NewKey{Public: " + k.Public + "}" }

// PublicKey and Sign let a new key sign before it is stored: apply signs
// the users of an account it has just created with the account's key.
func (k *NewKey) PublicKey() (string, error) { return k.Public, nil }

// Sign signs input with the key, as nkeys.KeyPair.Sign does.
func (k *NewKey) Sign(input []byte) ([]byte, error) { return ed25519.Sign(k.priv, input), nil }

// Wipe zeroes the seed and private key once they are stored and used.
func (k *NewKey) Wipe() {
	wipe(k.seed)
	wipe(k.priv)
}

// ExistingKey is a key made elsewhere (a seed nsc keeps) as a NewKey, to
// be stored with a KeyBatch: adopting a store of thousands of keys one
// file at a time spent its time waiting for fsync. The seed is copied;
// kp can be wiped once this returns. The public key is derived once, from
// the seed (kp.PublicKey would derive it again, a third of adopting's
// CPU for a large store).
func ExistingKey(kp nkeys.KeyPair) (*NewKey, error) {
	seed, err := kp.Seed()
	if err != nil {
		return nil, fmt.Errorf("keystore: a key pair without seed: %w", err)
	}
	prefix, raw, err := nkeys.DecodeSeed(seed)
	if err != nil {
		return nil, fmt.Errorf("keystore: a key pair with an invalid seed")
	}
	defer wipe(raw)
	priv := ed25519.NewKeyFromSeed(raw)
	pub, err := nkeys.Encode(prefix, priv.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("keystore: encoding the public key of a seed: %w", err)
	}
	return &NewKey{Public: string(pub), seed: append([]byte(nil), seed...), priv: priv}, nil
}
