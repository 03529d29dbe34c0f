// Package nsctest writes nsc stores for tests, in the layout nsc v2
// writes (checked against nsc's cmd/store): the features the store made by
// real nsc (nscstore/testdata) lacks, such as signing keys, are written
// with jwt/v2 directly, signed and placed as nsc would.
package nsctest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// Store is an nsc store being written: Root is nsc's stores directory,
// Keys its keys directory (NKEYS_PATH), Operator the operator's name.
type Store struct {
	t        testing.TB
	Root     string
	Keys     string
	Operator string
}

// New starts a store for operator name under dir (dir/store, dir/keys).
func New(t testing.TB, dir, name string) *Store {
	t.Helper()
	s := &Store{t: t, Root: filepath.Join(dir, "store"), Keys: filepath.Join(dir, "keys"), Operator: name}
	s.write(`{"managed":false,"name":"`+name+`","kind":"operator","version":"1"}`, s.Operator, ".nsc")
	return s
}

// Key makes a key and stores its seed as nsc does:
// keys/<kind>/<2 chars>/<public key>.nk, 0600 in 0700 directories.
func (s *Store) Key(prefix nkeys.PrefixByte) (nkeys.KeyPair, string) {
	s.t.Helper()
	kp, err := nkeys.CreatePair(prefix)
	if err != nil {
		s.t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	seed, _ := kp.Seed()
	dir := filepath.Join(s.Keys, "keys", pub[:1], pub[1:3])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, pub+".nk"), seed, 0o600); err != nil {
		s.t.Fatal(err)
	}
	return kp, pub
}

// WriteOperator writes the operator JWT, <op>/<op>.jwt.
func (s *Store) WriteOperator(c *jwt.OperatorClaims, kp nkeys.KeyPair) string {
	return s.write(s.encode(c, kp), s.Operator, s.Operator+".jwt")
}

// WriteAccount writes accounts/<name>/<name>.jwt, signed by kp.
func (s *Store) WriteAccount(c *jwt.AccountClaims, kp nkeys.KeyPair) string {
	return s.write(s.encode(c, kp), s.Operator, "accounts", c.Name, c.Name+".jwt")
}

// WriteUser writes accounts/<account>/users/<name>.jwt, signed by kp.
func (s *Store) WriteUser(account string, c *jwt.UserClaims, kp nkeys.KeyPair) string {
	return s.write(s.encode(c, kp), s.Operator, "accounts", account, "users", c.Name+".jwt")
}

// Encode signs claims, as nsc does, with jwt/v2.
func (s *Store) encode(c jwt.Claims, kp nkeys.KeyPair) string {
	s.t.Helper()
	token, err := c.Encode(kp)
	if err != nil {
		s.t.Fatal(err)
	}
	return token
}

// Encode signs claims with kp, for tokens the test embeds itself.
func (s *Store) Encode(c jwt.Claims, kp nkeys.KeyPair) string { return s.encode(c, kp) }

func (s *Store) write(data string, path ...string) string {
	s.t.Helper()
	p := filepath.Join(append([]string{s.Root}, path...)...)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		s.t.Fatal(err)
	}
	return p
}

// Fleet writes a store of accounts accounts with users users each (and a
// system account), each account exporting a service that the next one
// imports, the shape of natsplan's fleet benchmark. It returns the store.
func Fleet(t testing.TB, dir string, accounts, users int) *Store {
	t.Helper()
	s := New(t, dir, "Fleet")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	_, spub := s.Key(nkeys.PrefixByteAccount)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name, oc.SystemAccount = "Fleet", spub
	s.WriteOperator(oc, okp)
	sys := jwt.NewAccountClaims(spub)
	sys.Name = "SYS"
	s.WriteAccount(sys, okp)
	keys := make([]string, accounts)
	kps := make([]nkeys.KeyPair, accounts)
	for i := range keys {
		kps[i], keys[i] = s.Key(nkeys.PrefixByteAccount)
	}
	for i := range keys {
		ac := jwt.NewAccountClaims(keys[i])
		ac.Name = fmt.Sprintf("a%05d", i)
		ac.Exports = append(ac.Exports, &jwt.Export{Name: "svc", Subject: jwt.Subject(ac.Name + ".svc"), Type: jwt.Service,
			ResponseType: jwt.ResponseTypeSingleton})
		if i > 0 {
			prev := fmt.Sprintf("a%05d", i-1)
			ac.Imports = append(ac.Imports, &jwt.Import{Name: prev, Subject: jwt.Subject(prev + ".svc"), Account: keys[i-1], Type: jwt.Service})
		}
		s.WriteAccount(ac, okp)
		for u := range users {
			_, upub := s.Key(nkeys.PrefixByteUser)
			uc := jwt.NewUserClaims(upub)
			uc.Name = fmt.Sprintf("u%02d", u)
			s.WriteUser(ac.Name, uc, kps[i])
		}
	}
	return s
}
