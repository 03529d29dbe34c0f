package nscstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// Write lays a tree out as nsc does, and what it writes reads back.
func TestWriteReadsBack(t *testing.T) {
	s, err := Open(filepath.Join(fixture, "store"), "")
	if err != nil {
		t.Fatal(err)
	}
	tree := Tree{Operator: s.Operator.JWT}
	for _, a := range s.Accounts {
		tree.Accounts = append(tree.Accounts, a.JWT)
		for _, u := range a.Users {
			tree.Users = append(tree.Users, u.JWT)
		}
	}
	dir := t.TempDir()
	opDir, err := Write(dir, tree)
	if err != nil || opDir != filepath.Join(dir, "Test") {
		t.Fatalf("%v, %s", err, opDir)
	}
	back, err := Open(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Accounts) != len(s.Accounts) {
		t.Fatalf("%d accounts back", len(back.Accounts))
	}
	for i, a := range back.Accounts {
		if a.JWT != s.Accounts[i].JWT || len(a.Users) != len(s.Accounts[i].Users) {
			t.Errorf("account %s differs", a.Claims.Name)
		}
	}
	if _, err := Write(dir, tree); err == nil || !strings.Contains(err.Error(), "never overwrites an nsc store") {
		t.Fatalf("second write: %v", err)
	}
}

// Names come from untrusted JWTs: two accounts of one name, and names
// that would leave their folder, are refused or made harmless.
func TestWriteNames(t *testing.T) {
	okp, _ := nkeys.CreateOperator()
	opub, _ := okp.PublicKey()
	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "../evil"
	otoken, _ := oc.Encode(okp)
	account := func(name string) string {
		akp, _ := nkeys.CreateAccount()
		apub, _ := akp.PublicKey()
		ac := jwt.NewAccountClaims(apub)
		ac.Name = name
		token, _ := ac.Encode(okp)
		return token
	}
	dir := t.TempDir()
	if _, err := Write(dir, Tree{Operator: otoken, Accounts: []string{account("A"), account("A")}}); err == nil ||
		!strings.Contains(err.Error(), "two entities would be written to") {
		t.Fatalf("two accounts named A: %v", err)
	}
	opDir, err := Write(dir, Tree{Operator: otoken, Accounts: []string{account("../../x")}})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(opDir) != dir {
		t.Fatalf("the operator's folder %s is outside %s", opDir, dir)
	}
	entries, _ := os.ReadDir(filepath.Join(opDir, "accounts"))
	if len(entries) != 1 || strings.Contains(entries[0].Name(), "/") || entries[0].Name() == ".." {
		t.Fatalf("accounts: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "x")); err == nil {
		t.Fatal("a name left the store")
	}
}
