package nscstore

import (
	"errors"
	"sort"

	"github.com/nats-io/jwt/v2"
)

// Assemble builds a store from JWTs read elsewhere than an nsc store (the
// account JWTs a resolver holds, the operator JWT from a file, the users
// of an nsc store), each File naming where it came from. It verifies them
// as Open verifies a store. Users go to the account that issued them, or
// whose signing key did; a user of no account given is reported in
// strays, not adopted.
func Assemble(from string, op File, accounts, users []File) (s *Store, strays []*User, err error) {
	oc, err := jwt.DecodeOperatorClaims(op.JWT)
	if err != nil {
		return nil, nil, fileErr(op.Path, "not a valid operator JWT: %v", err)
	}
	s = &Store{Dir: from, Operator: &Operator{File: op, Claims: oc}}
	var errs []error
	for _, f := range accounts {
		ac, err := jwt.DecodeAccountClaims(f.JWT)
		if err != nil {
			errs = append(errs, fileErr(f.Path, "not a valid account JWT: %v", err))
			continue
		}
		s.Accounts = append(s.Accounts, &Account{File: f, Claims: ac})
	}
	sort.Slice(s.Accounts, func(i, j int) bool { return s.Accounts[i].Claims.Name < s.Accounts[j].Claims.Name })
	for _, f := range users {
		uc, err := jwt.DecodeUserClaims(f.JWT)
		if err != nil {
			errs = append(errs, fileErr(f.Path, "not a valid user JWT: %v", err))
			continue
		}
		u := &User{File: f, Claims: uc}
		if a := s.issuerOf(uc); a != nil {
			a.Users = append(a.Users, u)
		} else {
			strays = append(strays, u)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	for _, a := range s.Accounts {
		sort.Slice(a.Users, func(i, j int) bool { return a.Users[i].Claims.Name < a.Users[j].Claims.Name })
	}
	if err := s.verify(); err != nil {
		return nil, nil, err
	}
	return s, strays, nil
}

// issuerOf is the account of s that issued uc, or nil.
func (s *Store) issuerOf(uc *jwt.UserClaims) *Account {
	acct := uc.IssuerAccount
	if acct == "" {
		acct = uc.Issuer
	}
	for _, a := range s.Accounts {
		if a.Claims.Subject == acct {
			return a
		}
	}
	return nil
}

// Users lists every user of the store, for Assemble.
func (s *Store) Users() []File {
	var out []File
	for _, a := range s.Accounts {
		for _, u := range a.Users {
			out = append(out, u.File)
		}
	}
	return out
}
