package custody

import (
	"errors"

	"github.com/nats-io/nkeys"
)

// KeyPair makes a Key usable where an nkeys.KeyPair is asked for (jwt's
// Encode, nats.go's signing callbacks): it signs and verifies, and has no
// seed or private key to give.
func KeyPair(k Key) (nkeys.KeyPair, error) {
	pub, err := k.PublicKey()
	if err != nil {
		return nil, err
	}
	public, err := nkeys.FromPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return keyPair{KeyPair: public, key: k}, nil
}

type keyPair struct {
	nkeys.KeyPair // public only: Verify, PublicKey
	key           Key
}

var errHeld = errors.New("the key is held in custody; its seed is not handed out")

func (k keyPair) Sign(input []byte) ([]byte, error) { return k.key.Sign(input) }
func (k keyPair) Seed() ([]byte, error)             { return nil, errHeld }
func (k keyPair) PrivateKey() ([]byte, error)       { return nil, errHeld }
func (k keyPair) Wipe()                             {}

// Getter hands out the keys of a Custody as nkeys.KeyPairs, as the
// keystore's Get does: for code that signs with jwt's Encode.
type Getter struct{ C Custody }

// Get returns pub's key as an nkeys.KeyPair.
func (g Getter) Get(pub string) (nkeys.KeyPair, error) {
	k, err := g.C.Key(pub)
	if err != nil {
		return nil, err
	}
	return KeyPair(k)
}
