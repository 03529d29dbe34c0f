package nscstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/parallel"
)

// Store is one operator's tree as nsc wrote it, every JWT verified.
type Store struct {
	Dir      string // the operator's folder
	Operator *Operator
	Accounts []*Account // sorted by name
}

// File is one JWT of the store: where it was read and its exact bytes
// (nsc writes the compact JWT alone, without a newline).
type File struct {
	Path string
	JWT  string
}

// Operator is the operator JWT.
type Operator struct {
	File
	Claims *jwt.OperatorClaims
}

// Account is an account JWT with the users nsc keeps beside it.
type Account struct {
	File
	Claims *jwt.AccountClaims
	Users  []*User // sorted by name
}

// User is a user JWT.
type User struct {
	File
	Claims *jwt.UserClaims
}

// nscFile is the marker nsc writes at the top of an operator's folder.
const nscFile = ".nsc"

// Open reads the store at dir: nsc's stores directory (one folder per
// operator) or one operator's folder. operator picks one operator of a
// stores directory; it may be empty when the directory holds exactly one.
func Open(dir, operator string) (*Store, error) {
	opDir, err := operatorDir(dir, operator)
	if err != nil {
		return nil, err
	}
	s := &Store{Dir: opDir}
	if s.Operator, err = readOperator(opDir); err != nil {
		return nil, err
	}
	if s.Accounts, err = readAccounts(opDir); err != nil {
		return nil, err
	}
	if err := s.verify(); err != nil {
		return nil, err
	}
	return s, nil
}

// operatorDir finds the operator's folder that dir is or holds.
func operatorDir(dir, operator string) (string, error) {
	if isOperatorDir(dir) {
		if operator != "" && operatorName(dir) != operator {
			return "", fmt.Errorf("%s is the folder of operator %q, not %q", dir, operatorName(dir), operator)
		}
		return dir, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("reading the nsc store: %w", err)
	}
	var found []string
	for _, e := range entries {
		if p := filepath.Join(dir, e.Name()); e.IsDir() && isOperatorDir(p) {
			found = append(found, e.Name())
		}
	}
	sort.Strings(found)
	switch {
	case operator != "":
		for _, f := range found {
			if f == operator {
				return filepath.Join(dir, f), nil
			}
		}
		return "", fmt.Errorf("%s holds no operator %q (it holds: %s)", dir, operator, listOrNone(found))
	case len(found) == 0:
		return "", fmt.Errorf("%s is not an nsc store: it holds no operator folder (<name>/<name>.jwt)", dir)
	case len(found) > 1:
		return "", fmt.Errorf("%s holds %d operators (%s); choose one with -operator=NAME", dir, len(found), strings.Join(found, ", "))
	}
	return filepath.Join(dir, found[0]), nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// isOperatorDir reports whether dir is an operator's folder: it holds
// the .nsc marker or a JWT named after the folder.
func isOperatorDir(dir string) bool {
	for _, p := range []string{filepath.Join(dir, nscFile), filepath.Join(dir, operatorName(dir)+".jwt")} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// operatorName is the operator's name as nsc records it in .nsc, or the
// folder's name, which nsc makes the same.
func operatorName(dir string) string {
	var info struct {
		Name string `json:"name"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, nscFile)); err == nil && json.Unmarshal(b, &info) == nil && info.Name != "" {
		return info.Name
	}
	return filepath.Base(dir)
}

func readOperator(dir string) (*Operator, error) {
	f, c, err := readJWT(filepath.Join(dir, operatorName(dir)+".jwt"))
	if err != nil {
		return nil, err
	}
	oc, ok := c.(*jwt.OperatorClaims)
	if !ok {
		return nil, typeError(f.Path, c, jwt.OperatorClaim)
	}
	return &Operator{File: f, Claims: oc}, nil
}

// readAccounts reads accounts/<name>/<name>.jwt and the users beside
// each, on all cores (a store of a thousand accounts holds ten thousand
// JWTs to verify). Like nsc, it passes over folders that hold no such
// JWT. Every file that cannot be trusted is reported, not just the first.
func readAccounts(opDir string) ([]*Account, error) {
	names, err := jwtFolders(filepath.Join(opDir, "accounts"))
	if err != nil {
		return nil, err
	}
	out := make([]*Account, len(names))
	errs := make([]error, len(names))
	parallel.For(len(names), 8, func(i int) {
		out[i], errs[i] = readAccount(filepath.Join(opDir, "accounts", names[i]), names[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func readAccount(dir, name string) (*Account, error) {
	f, c, err := readJWT(filepath.Join(dir, name+".jwt"))
	if err != nil {
		return nil, err
	}
	ac, ok := c.(*jwt.AccountClaims)
	if !ok {
		return nil, typeError(f.Path, c, jwt.AccountClaim)
	}
	a := &Account{File: f, Claims: ac}
	if a.Users, err = readUsers(filepath.Join(dir, "users")); err != nil {
		return nil, err
	}
	return a, nil
}

// jwtFolders lists the folders D of dir that hold D/D.jwt, sorted.
func jwtFolders(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the nsc store: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, e.Name(), e.Name()+".jwt")); err == nil && fi.Mode().IsRegular() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

func readUsers(dir string) ([]*User, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the nsc store: %w", err)
	}
	var out []*User
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".jwt") {
			continue
		}
		f, c, err := readJWT(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		uc, ok := c.(*jwt.UserClaims)
		if !ok {
			return nil, typeError(f.Path, c, jwt.UserClaim)
		}
		out = append(out, &User{File: f, Claims: uc})
	}
	return out, nil
}
