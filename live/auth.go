package live

import (
	"fmt"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// SystemUserTTL is how long the system user natsplan signs for itself
// stays valid. Each connection (and reconnection) gets a fresh one, so a
// leaked JWT is useless within minutes and nothing needs cleaning up.
const SystemUserTTL = 5 * time.Minute

// Auth says how natsplan authenticates as a user of the system account,
// which is the only account whose requests a resolver answers.
type Auth struct {
	credsFile string
	system    nkeys.KeyPair // the system account's key, signing short-lived users
	account   string        // the system account, when system is one of its signing keys
}

// CredsAuth authenticates with a creds file of a system account user.
func CredsAuth(file string) *Auth { return &Auth{credsFile: file} }

// KeyAuth authenticates as a short-lived user signed with sys, the system
// account's key pair.
func KeyAuth(sys nkeys.KeyPair) *Auth { return &Auth{system: sys} }

// KeySource hands out key pairs by public key: the keystore, or any key
// custody (custody.Getter), whose keys may sign without showing a seed.
type KeySource interface {
	Get(pub string) (nkeys.KeyPair, error)
}

// KeystoreAuth finds the system account named by the operator in st and
// takes from ks the key that signs its users: its own, or a signing key of
// it under strict signing key usage (systemSigner).
func KeystoreAuth(st *state.State, ks KeySource) (*Auth, error) {
	op, sys, err := operatorAndSystem(st)
	if err != nil {
		return nil, err
	}
	signer, err := systemSigner(op, sys)
	if err != nil {
		return nil, err
	}
	kp, err := ks.Get(signer)
	if err != nil {
		return nil, fmt.Errorf("natsplan needs the system account's key to sign a user for the servers (or give -creds FILE): %w", err)
	}
	a := KeyAuth(kp)
	if signer != sys.PublicKey {
		a.account = sys.PublicKey
	}
	return a, nil
}

// option returns the nats.go option that authenticates a connection.
func (a *Auth) option() (nats.Option, error) {
	if a.credsFile != "" {
		return nats.UserCredentials(a.credsFile), nil
	}
	user, err := nkeys.CreateUser()
	if err != nil {
		return nil, err
	}
	// The JWT is signed on every (re)connect, so it never outlives its TTL
	// while the connection still needs it.
	userJWT := func() (string, error) { return systemUser(a.system, a.account, user, SystemUserTTL) }
	return nats.UserJWT(userJWT, user.Sign), nil
}

// SystemUser signs, with the system account key sys, a user JWT for user
// that expires after ttl and may only send system requests and receive
// their replies.
func SystemUser(sys, user nkeys.KeyPair, ttl time.Duration) (string, error) {
	return systemUser(sys, "", user, ttl)
}

// systemUser is SystemUser signed by a signing key of account when
// account is set.
func systemUser(sys nkeys.KeyPair, account string, user nkeys.KeyPair, ttl time.Duration) (string, error) {
	pub, err := user.PublicKey()
	if err != nil {
		return "", err
	}
	uc := jwt.NewUserClaims(pub)
	uc.Name = "natsplan"
	uc.Expires = time.Now().Add(ttl).Unix()
	uc.Pub.Allow.Add("$SYS.REQ.>")
	uc.Sub.Allow.Add("_INBOX.>")
	uc.IssuerAccount = account
	token, err := uc.Encode(sys)
	if err != nil {
		return "", fmt.Errorf("signing a system user: %w", err)
	}
	return token, nil
}

// KeystoreOperator returns from ks the key pair that signs deletions: the
// operator's, or one of its signing keys under strict signing key usage.
func KeystoreOperator(st *state.State, ks KeySource) (nkeys.KeyPair, error) {
	op, _, err := operatorAndSystem(st)
	if err != nil {
		return nil, err
	}
	signer, err := operatorSigner(op)
	if err != nil {
		return nil, err
	}
	return ks.Get(signer)
}
