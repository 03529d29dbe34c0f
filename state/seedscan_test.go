package state

import (
	"encoding/base64"
	"strings"
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
	data, _ := encode(s, 1)
	where, found := findSecret(s, data)
	if !found || where != "the JWT of resource account.A.user.u" {
		t.Fatalf("findSecret = %q, %v", where, found)
	}
}

// hasSecret is a hand-written scanner for secretPattern; on text built
// around real seeds and private keys the two must agree.
func TestHasSecretAgreesWithThePattern(t *testing.T) {
	kp, _ := nkeys.CreateAccount()
	seed, _ := kp.Seed()
	priv, _ := kp.PrivateKey()
	pub, _ := kp.PublicKey()
	s, p := string(seed), string(priv)
	cases := []string{
		s, p, pub, "", "S", "SA", s[:57], p[:107], "x" + s + "x", "A" + s, s + "A",
		"help." + pub + "." + pub, pub + pub, "SZ" + s[2:], "SZ" + s[2:] + "AB",
		"SZSA" + s[4:] + "AAA", "P" + p[1:] + "\n", "PSA" + s[3:], strings.ToLower(s),
		`{"public_key":"` + pub + `","note":"` + s + `"}`,
	}
	for _, c := range cases {
		if got, want := hasSecret(c), secretPattern.MatchString(c); got != want {
			t.Errorf("hasSecret(%q) = %v, the pattern says %v", c, got, want)
		}
		if hasSecret([]byte(c)) != hasSecret(c) {
			t.Errorf("hasSecret differs on bytes and string for %q", c)
		}
	}
}

// A seed in any plain field is found and blamed on its resource.
func TestFindSecretNamesTheResource(t *testing.T) {
	kp, _ := nkeys.CreateUser()
	seed, _ := kp.Seed()
	s := New()
	s.Resources["account.A"] = &Resource{Kind: KindAccount, Name: "A"}
	s.Resources["account.B"] = &Resource{Kind: KindAccount, Name: "B",
		Revocations: []Revocation{{PublicKey: string(seed)}}}
	data, _ := encode(s, 1)
	if where, found := findSecret(s, data); !found || where != "resource account.B" {
		t.Fatalf("findSecret = %q, %v", where, found)
	}
	s.Resources["account.B"].Revocations = nil
	s.Lineage = string(seed)
	data, _ = encode(s, 1)
	if where, found := findSecret(s, data); !found || where != "state" {
		t.Fatalf("findSecret = %q, %v", where, found)
	}
}
