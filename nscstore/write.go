package nscstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nats-io/jwt/v2"
)

// Tree is what Write puts in a store: the operator's JWT, its accounts'
// and their users' (each goes to its account, found by its issuer).
type Tree struct {
	Operator string
	Accounts []string
	Users    []string
}

// Write writes t into nsc's stores directory dir as nsc lays a store out
// (see the package documentation), files named after the JWTs' names as
// nsc names them, and returns the operator's folder. It refuses an
// operator folder that exists already: an nsc store is never
// overwritten. Every JWT must decode and verify, and every user belong to
// an account of t.
func Write(dir string, t Tree) (string, error) {
	op, err := jwt.DecodeOperatorClaims(t.Operator)
	if err != nil {
		return "", fmt.Errorf("the operator JWT: %w", err)
	}
	files, err := t.layout(op)
	if err != nil {
		return "", err
	}
	opDir := filepath.Join(dir, safeName(op.Name))
	if _, err := os.Lstat(opDir); !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s exists already; natsplan never overwrites an nsc store: choose another directory", opDir)
	}
	for rel, data := range files {
		p := filepath.Join(opDir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			return "", err
		}
	}
	return opDir, nil
}

// layout maps the path of every file of the store, relative to the
// operator's folder, to its content.
func (t Tree) layout(op *jwt.OperatorClaims) (map[string]string, error) {
	name := safeName(op.Name)
	files := map[string]string{
		nscFile:       fmt.Sprintf(`{"managed":false,"name":%q,"kind":"operator","version":"1"}`, name),
		name + ".jwt": t.Operator,
	}
	accounts := map[string]*jwt.AccountClaims{}
	for _, token := range t.Accounts {
		ac, err := jwt.DecodeAccountClaims(token)
		if err != nil {
			return nil, fmt.Errorf("an account JWT: %w", err)
		}
		if err := place(files, token, "accounts", safeName(ac.Name), safeName(ac.Name)+".jwt"); err != nil {
			return nil, err
		}
		accounts[ac.Subject] = ac
	}
	for _, token := range t.Users {
		uc, err := jwt.DecodeUserClaims(token)
		if err != nil {
			return nil, fmt.Errorf("a user JWT: %w", err)
		}
		acct := uc.IssuerAccount
		if acct == "" {
			acct = uc.Issuer
		}
		ac := accounts[acct]
		if ac == nil {
			return nil, fmt.Errorf("user %s (%s) belongs to no account being written", uc.Name, uc.Subject)
		}
		if err := place(files, token, "accounts", safeName(ac.Name), "users", safeName(uc.Name)+".jwt"); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// place adds one file, refusing two entities at one path (two accounts
// with one name, which nsc cannot hold).
func place(files map[string]string, data string, path ...string) error {
	rel := filepath.Join(path...)
	if _, taken := files[rel]; taken {
		return fmt.Errorf("two entities would be written to %s: nsc keeps entities by name, so names must be unique", rel)
	}
	files[rel] = data
	return nil
}

// safeName is a name as nsc makes it a file name: trimmed (nsc's
// SafeName), and refused when it would leave its folder.
func safeName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return strings.NewReplacer("/", "_", `\`, "_").Replace("_" + name)
	}
	return name
}
