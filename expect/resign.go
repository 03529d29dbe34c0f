package expect

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/access"
)

// signed is a World's claims signed again with throwaway keys: the same
// claims, every public key in them replaced by a fresh key of the same
// kind, so that a real server can load them without the real keys.
type signed struct {
	op       *jwt.OperatorClaims
	accounts map[string]string        // new account key -> account JWT
	users    map[string]*signedUser   // user address -> creds
	keys     map[string]string        // real (or placeholder) key -> throwaway key
	pairs    map[string]nkeys.KeyPair // throwaway key -> its pair
	acctKey  map[string]string        // account address -> throwaway key
	helpers  map[string]*signedUser   // account address -> an unconstrained user
}

type signedUser struct {
	jwt  string
	seed string
}

// keyRE finds nkey public keys (operator, account, user) in JSON.
var keyRE = regexp.MustCompile(`[OAU][A-Z2-7]{55}`)

// resign signs w's claims again with throwaway keys. Issue times become
// now, so revocations are rewritten to keep what they revoke: an entry
// that revoked a user (or an activation) is moved after the new issue
// time, one that no longer did is dropped.
func resign(w *access.World) (*signed, error) {
	s := &signed{accounts: map[string]string{}, users: map[string]*signedUser{}, keys: map[string]string{},
		pairs: map[string]nkeys.KeyPair{}, acctKey: map[string]string{}, helpers: map[string]*signedUser{}}
	if w.Operator == nil {
		return nil, fmt.Errorf("the plan has no operator")
	}
	later := time.Now().Add(time.Hour)
	var err error
	s.op = &jwt.OperatorClaims{}
	if err = s.rewrite(w.Operator, s.op); err != nil {
		return nil, err
	}
	opJWT, err := s.op.Encode(s.pairs[s.op.Subject])
	if err != nil {
		return nil, err
	}
	if s.op, err = jwt.DecodeOperatorClaims(opJWT); err != nil {
		return nil, err
	}
	for _, a := range w.Accounts {
		ac := &jwt.AccountClaims{}
		if err := s.rewrite(a.Claims, ac); err != nil {
			return nil, err
		}
		s.acctKey[a.Address] = ac.Subject
		if err := s.tokens(w, a, ac); err != nil {
			return nil, fmt.Errorf("%s: %v", a.Address, err)
		}
		s.revocations(w, a, ac, later)
		if s.accounts[ac.Subject], err = ac.Encode(s.signer(ac.Issuer)); err != nil {
			return nil, fmt.Errorf("%s: %v", a.Address, err)
		}
		for _, u := range a.Users {
			uc := &jwt.UserClaims{}
			if err := s.rewrite(u.Claims, uc); err != nil {
				return nil, err
			}
			if s.users[u.Address], err = s.user(uc); err != nil {
				return nil, fmt.Errorf("%s: %v", u.Address, err)
			}
		}
		helper := jwt.NewUserClaims(s.fresh(nkeys.PrefixByteUser))
		helper.Issuer = ac.Subject
		helper.Pub.Allow.Add(">")
		helper.Sub.Allow.Add(">")
		if s.helpers[a.Address], err = s.user(helper); err != nil {
			return nil, err
		}
	}
	if sys := s.op.SystemAccount; sys != "" && s.accounts[sys] == "" {
		// The server needs its system account; an empty one does.
		ac := jwt.NewAccountClaims(sys)
		if s.accounts[sys], err = ac.Encode(s.pairs[s.op.Subject]); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// rewrite copies claims into out with every key replaced.
func (s *signed) rewrite(in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	b = keyRE.ReplaceAllFunc(b, func(k []byte) []byte { return []byte(s.mapKey(string(k))) })
	return json.Unmarshal(b, out)
}

// mapKey returns the throwaway key for k, made on first use.
func (s *signed) mapKey(k string) string {
	if nk, ok := s.keys[k]; ok {
		return nk
	}
	if !nkeys.IsValidPublicKey(k) {
		return k
	}
	prefix := map[byte]nkeys.PrefixByte{'O': nkeys.PrefixByteOperator, 'A': nkeys.PrefixByteAccount, 'U': nkeys.PrefixByteUser}[k[0]]
	nk := s.fresh(prefix)
	s.keys[k] = nk
	return nk
}

func (s *signed) fresh(prefix nkeys.PrefixByte) string {
	kp, err := nkeys.CreatePair(prefix)
	if err != nil {
		panic(err)
	}
	pub, _ := kp.PublicKey()
	s.pairs[pub] = kp
	return pub
}

func (s *signed) signer(issuer string) nkeys.KeyPair { return s.pairs[issuer] }

func (s *signed) user(uc *jwt.UserClaims) (*signedUser, error) {
	token, err := uc.Encode(s.signer(uc.Issuer))
	if err != nil {
		return nil, err
	}
	seed, err := s.pairs[uc.Subject].Seed()
	if err != nil {
		return nil, err
	}
	return &signedUser{jwt: token, seed: string(seed)}, nil
}

// tokens signs the activations of ac's imports again: a planned grant's
// claims, or a token from the state, with its keys replaced.
func (s *signed) tokens(w *access.World, a *access.Account, ac *jwt.AccountClaims) error {
	for i, imp := range ac.Imports {
		orig := a.Claims.Imports[i]
		if orig.Token == "" {
			continue
		}
		act := w.ActivationClaims(orig.Token)
		if act == nil {
			imp.Token = ""
			continue
		}
		nc := &jwt.ActivationClaims{}
		if err := s.rewrite(act, nc); err != nil {
			return err
		}
		token, err := nc.Encode(s.signer(nc.Issuer))
		if err != nil {
			return err
		}
		imp.Token = token
	}
	return nil
}

// revocations keeps what the account's revocations revoke, with issue
// times that are now now: the original claims decide, by the server's
// rule, and the rewritten entries say the same of the new JWTs (an entry
// for each user or activation revoked, none for the others).
func (s *signed) revocations(w *access.World, a *access.Account, ac *jwt.AccountClaims, later time.Time) {
	if len(ac.Revocations) > 0 {
		ac.Revocations = jwt.RevocationList{}
		for _, u := range a.Users {
			if isRevoked(a.Claims.Revocations, u.Claims.Subject, u.Claims.IssuedAt) {
				ac.Revocations[s.mapKey(u.Claims.Subject)] = later.Unix()
			}
		}
	}
	for i, e := range ac.Exports {
		orig := a.Claims.Exports[i]
		if len(orig.Revocations) == 0 {
			continue
		}
		e.Revocations = jwt.RevocationList{}
		for _, act := range activationsOf(w, a.Claims.Subject) {
			if isRevoked(orig.Revocations, act.Subject, act.IssuedAt) {
				e.Revocations[s.mapKey(act.Subject)] = later.Unix()
			}
		}
	}
}

// activationsOf returns the activations issued by the account with key
// exporter that the world's imports carry.
func activationsOf(w *access.World, exporter string) []*jwt.ActivationClaims {
	var out []*jwt.ActivationClaims
	for _, a := range w.Accounts {
		for _, imp := range a.Claims.Imports {
			if imp.Account != exporter || imp.Token == "" {
				continue
			}
			if act := w.ActivationClaims(imp.Token); act != nil {
				out = append(out, act)
			}
		}
	}
	return out
}

func isRevoked(list jwt.RevocationList, key string, iat int64) bool {
	if t, ok := list[key]; ok && t >= iat {
		return true
	}
	t, ok := list[jwt.All]
	return ok && t >= iat
}

// mapSubject writes the keys a subject names (a token position holds an
// account's key) as their throwaway keys.
func (s *signed) mapSubject(subject string) string {
	return keyRE.ReplaceAllStringFunc(subject, func(k string) string {
		if nk, ok := s.keys[k]; ok {
			return nk
		}
		return k
	})
}
