package apply

import (
	"crypto/ed25519"
	"fmt"

	"github.com/nats-io/nkeys"
)

// signingKey is an operator's or account's key ready to sign many JWTs.
// nkeys.KeyPair keeps only the seed and re-derives the key pair on every
// PublicKey and Sign call; an account signing its users, or an operator
// signing ten thousand accounts, would pay that derivation per JWT. The
// derived private key is kept instead, for the length of one apply.
type signingKey struct {
	pub  string
	priv ed25519.PrivateKey
}

// newSigningKey derives the signing form of kp once.
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

// PublicKey and Sign make signingKey a keyPair for encode.
func (k *signingKey) PublicKey() (string, error) { return k.pub, nil }

func (k *signingKey) Sign(input []byte) ([]byte, error) { return ed25519.Sign(k.priv, input), nil }

// wipe zeroes the private key when the apply is done with it.
func (k *signingKey) wipe() { wipe(k.priv) }

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
