package nscstore

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nats-io/jwt/v2"
)

// maxJWT bounds what is read of one file: an account with thousands of
// exports is still far below it, and a store is untrusted.
const maxJWT = 16 << 20

// FileError is a JWT of the store that cannot be trusted, with its file.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

func fileErr(path, format string, args ...any) error {
	return &FileError{Path: path, Err: fmt.Errorf(format, args...)}
}

// readJWT reads one file and decodes it; jwt.Decode verifies the
// signature against the issuer the JWT names, which verify then checks
// is the issuer it may have.
func readJWT(path string) (File, jwt.Claims, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, nil, &FileError{Path: path, Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxJWT+1))
	if err != nil {
		return File{}, nil, &FileError{Path: path, Err: err}
	}
	if len(b) > maxJWT {
		return File{}, nil, fileErr(path, "larger than %d bytes; not a JWT nsc wrote", maxJWT)
	}
	token := strings.TrimSpace(string(b))
	c, err := jwt.Decode(token)
	if err != nil {
		return File{}, nil, fileErr(path, "not a valid JWT (it does not decode or its signature does not verify): %v", err)
	}
	return File{Path: path, JWT: token}, c, nil
}

func typeError(path string, c jwt.Claims, want jwt.ClaimType) error {
	return fileErr(path, "holds a JWT of type %q where nsc keeps the %s JWT", c.ClaimType(), want)
}

// verify checks the issuer chain: the operator signs itself, accounts are
// signed by the operator or one of its signing keys, users by their
// account or one of its signing keys (then naming the account as
// issuer_account), and no key is used twice.
func (s *Store) verify() error {
	op := s.Operator.Claims
	if op.Issuer != op.Subject {
		return fileErr(s.Operator.Path, "the operator JWT is signed by %s, not by the operator %s itself", op.Issuer, op.Subject)
	}
	seen := map[string]string{op.Subject: s.Operator.Path}
	var errs []error
	for _, a := range s.Accounts {
		ac := a.Claims
		if ac.Issuer != op.Subject && !op.SigningKeys.Contains(ac.Issuer) {
			errs = append(errs, fileErr(a.Path, "the account is signed by %s, which is neither the operator's key nor one of its signing keys", ac.Issuer))
		}
		errs = append(errs, once(seen, ac.Subject, a.Path))
		for _, u := range a.Users {
			errs = append(errs, verifyUser(a, u), once(seen, u.Claims.Subject, u.Path))
		}
	}
	return errors.Join(errs...)
}

func verifyUser(a *Account, u *User) error {
	uc, ac := u.Claims, a.Claims
	switch {
	case uc.Issuer != ac.Subject && !ac.SigningKeys.Contains(uc.Issuer):
		return fileErr(u.Path, "the user is signed by %s, which is neither account %s's key nor one of its signing keys", uc.Issuer, ac.Name)
	case uc.Issuer != ac.Subject && uc.IssuerAccount != ac.Subject:
		return fileErr(u.Path, "the user is signed by a signing key of account %s but names %q as its account", ac.Name, uc.IssuerAccount)
	case uc.Issuer == ac.Subject && uc.IssuerAccount != "" && uc.IssuerAccount != ac.Subject:
		return fileErr(u.Path, "the user is signed by account %s but names %q as its account", ac.Name, uc.IssuerAccount)
	}
	return nil
}

// once records that key belongs to the entity in path, and fails when
// another entity already has it.
func once(seen map[string]string, key, path string) error {
	if other, ok := seen[key]; ok {
		return fileErr(path, "its key %s is also the key of %s", key, other)
	}
	seen[key] = path
	return nil
}
