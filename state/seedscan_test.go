package state

import (
	"encoding/base64"
	"testing"

	"github.com/nats-io/nkeys"
)

// Every kind of seed nkeys can make must match, or the defence has a hole.
func TestSecretPatternMatchesEverySeedKind(t *testing.T) {
	for _, prefix := range []nkeys.PrefixByte{
		nkeys.PrefixByteOperator, nkeys.PrefixByteAccount, nkeys.PrefixByteUser,
		nkeys.PrefixByteServer, nkeys.PrefixByteCluster, nkeys.PrefixByteCurve,
	} {
		kp, err := nkeys.CreatePair(prefix)
		if err != nil {
			t.Fatal(err)
		}
		seed, _ := kp.Seed()
		if !secretPattern.Match(seed) {
			t.Errorf("%v seed not matched", prefix)
		}
		priv, _ := kp.PrivateKey()
		if prefix != nkeys.PrefixByteCurve && !secretPattern.Match(priv) {
			t.Errorf("%v private key not matched", prefix)
		}
		pub, _ := kp.PublicKey()
		if secretPattern.MatchString(pub) {
			t.Errorf("%v public key %s matched as a secret", prefix, pub)
		}
	}
}

func TestFindSecretLooksInsideJWTClaims(t *testing.T) {
	kp, _ := nkeys.CreateUser()
	seed, _ := kp.Seed()
	enc := base64.RawURLEncoding.EncodeToString
	payload := enc([]byte(`{"nats":{"note":"` + string(seed) + `"}}`))
	s := New()
	s.Resources["account.A.user.u"] = &Resource{Kind: KindUser, JWT: enc([]byte(`{"alg":"ed25519-nkey"}`)) + "." + payload + ".sig"}
	where, found := findSecret(s)
	if !found || where != "the JWT of resource account.A.user.u" {
		t.Fatalf("findSecret = %q, %v", where, found)
	}
}
