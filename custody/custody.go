package custody

import (
	"crypto/ed25519"
	"errors"

	"github.com/nats-io/nkeys"
)

// Key signs as one public key. nkeys.KeyPair is one; so is a key held by
// a signer process, which signs without ever showing its seed.
type Key interface {
	PublicKey() (string, error)
	Sign(data []byte) ([]byte, error)
}

// Custody holds keys that apply may sign with.
type Custody interface {
	// Has reports whether pub can sign here. It reads no seed where it
	// can help it: apply asks for every key of a plan before signing.
	Has(pub string) bool
	// Key returns a Key that signs as pub. The Custody keeps what it
	// needs until Close.
	Key(pub string) (Key, error)
	// Where names the custody for messages: "keystore DIR", "signer CMD".
	Where() string
	// Close forgets every derived private key and stops what was started.
	Close() error
}

// Creator is a Custody that can make new keys itself (a signer that
// answered create:true): the seed is born where it stays.
type Creator interface {
	Custody
	CanCreate() bool
	Create(prefix nkeys.PrefixByte) (string, error)
}

// CreatorOf returns the custody of c that makes new keys, if any.
func CreatorOf(c Custody) (Creator, bool) {
	switch k := c.(type) {
	case Chain:
		return k.Creator()
	case Creator:
		return k, k.CanCreate()
	}
	return nil, false
}

// Why explains why c does not hold pub, when it can say more than that
// it does not (a keystore file others can read is refused): "" if not.
func Why(c Custody, pub string) string {
	if e, ok := c.(interface{ Why(string) string }); ok {
		return e.Why(pub)
	}
	return ""
}

// ErrNoKey is wrapped by Key's error when the custody does not hold pub.
var ErrNoKey = errors.New("no such key")

// Verify checks that sig is pub's ed25519 signature of data: every
// signature that comes from outside natsplan's process is checked with
// it before it is used.
func Verify(pub string, data, sig []byte) error {
	kp, err := nkeys.FromPublicKey(pub)
	if err != nil {
		return err
	}
	if len(sig) != ed25519.SignatureSize || kp.Verify(data, sig) != nil {
		return errors.New("the signature does not verify with the public key")
	}
	return nil
}
