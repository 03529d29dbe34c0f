package accessgen

import (
	"fmt"
	"math/rand"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// A generated configuration: an operator, accounts with exports, imports
// (with activation tokens), mappings, default permissions, revocations
// and scoped signing keys, and users with random permissions. Every key
// is a throwaway made in memory.
type Config struct {
	Seed     int64
	Op       *jwt.OperatorClaims
	OpJWT    string
	Sys      *Account
	Accounts []*Account
}

type Account struct {
	Kp     nkeys.KeyPair
	Pub    string
	Name   string
	Claims *jwt.AccountClaims
	JWT    string
	Scoped nkeys.KeyPair // a scoped signing key, or nil
	Users  []*User
	Helper *User // an unconstrained user for probes, repliers, publishers
}

type User struct {
	Name   string
	Kp     nkeys.KeyPair
	Seed   []byte
	Claims *jwt.UserClaims
	JWT    string
}

func (u *User) Addr(a *Account) string { return "account." + a.Name + ".user." + u.Name }

// The subject vocabulary: small, so that generated permissions, exports,
// imports and queries meet often.
var (
	exportSubjects = []string{"svc.a", "svc.b", "svc.*", "svc.>", "ev.a", "ev.*", "ev.>", "tp.*", "svc.a.x"}
	permSubjects   = []string{"svc.a", "svc.*", "svc.>", "ev.a", "ev.*", "ev.>", ">", "loc.*", "loc.>", "in.>", "in.*",
		"_INBOX.>", "_INBOX.*", "svc.a.x", "m.*", "tp.>", "*.a", "{{name()}}.>"}
	Literals = []string{"u0.a", "u1.b", "svc.a", "svc.b", "svc.c", "ev.a", "ev.b", "svc.a.x", "loc.a", "loc.b", "in.a", "in.b", "m.a", "m.b", "x.a"}
	Subs     = []string{"u0.>", "svc.a", "svc.*", "svc.>", "ev.a", "ev.*", "ev.>", ">", "in.*", "in.>", "in.a", "loc.a", "*.a", "ev.b", "*.*"}
)

func Pick[T any](r *rand.Rand, l []T) T { return l[r.Intn(len(l))] }

func MustKey(f func() (nkeys.KeyPair, error)) nkeys.KeyPair {
	kp, err := f()
	if err != nil {
		panic(err)
	}
	return kp
}

func PubOf(kp nkeys.KeyPair) string {
	p, err := kp.PublicKey()
	if err != nil {
		panic(err)
	}
	return p
}

func Generate(seed int64) *Config {
	r := rand.New(rand.NewSource(seed))
	g := &Config{Seed: seed}
	opKP := MustKey(nkeys.CreateOperator)
	g.Op = jwt.NewOperatorClaims(PubOf(opKP))
	g.Sys = newAccount(r, "SYS", false)
	g.Op.SystemAccount = g.Sys.Pub
	n := 2 + r.Intn(3)
	for i := 0; i < n; i++ {
		g.Accounts = append(g.Accounts, newAccount(r, fmt.Sprintf("A%d", i), true))
	}
	for _, a := range g.Accounts {
		addImports(r, a, g.Accounts)
	}
	for _, a := range g.Accounts {
		addUsers(r, a)
	}
	var err error
	if g.OpJWT, err = g.Op.Encode(opKP); err != nil {
		panic(err)
	}
	for _, a := range append([]*Account{g.Sys}, g.Accounts...) {
		a.Helper = &User{Name: "helper", Kp: MustKey(nkeys.CreateUser)}
		a.Helper.Claims = jwt.NewUserClaims(PubOf(a.Helper.Kp))
		// Permissions of its own, so that the account's defaults do not apply.
		a.Helper.Claims.Pub.Allow.Add(">")
		a.Helper.Claims.Sub.Allow.Add(">")
		a.Helper.sign(a.Kp, "")
		if a.JWT, err = a.Claims.Encode(opKP); err != nil {
			panic(err)
		}
	}
	return g
}

func newAccount(r *rand.Rand, name string, rich bool) *Account {
	kp := MustKey(nkeys.CreateAccount)
	a := &Account{Kp: kp, Pub: PubOf(kp), Name: name}
	a.Claims = jwt.NewAccountClaims(a.Pub)
	a.Claims.Name = name
	if !rich {
		return a
	}
	for i, n := 0, 1+r.Intn(3); i < n; i++ {
		e := &jwt.Export{Name: fmt.Sprintf("e%d", i), Subject: jwt.Subject(Pick(r, exportSubjects)), Type: jwt.Service}
		if r.Intn(2) == 0 {
			e.Type = jwt.Stream
		}
		e.TokenReq = r.Intn(10) < 3
		if e.Subject == "tp.*" {
			e.AccountTokenPosition = 2
		}
		a.Claims.Exports.Add(e)
	}
	if vr := validation(a.Claims); vr != "" {
		a.Claims.Exports = a.Claims.Exports[:1]
	}
	if r.Intn(4) == 0 {
		a.Claims.DefaultPermissions = randomPerms(r, false)
	}
	if r.Intn(4) == 0 {
		a.Claims.Mappings = jwt.Mapping{}
		switch r.Intn(3) {
		case 0:
			a.Claims.Mappings["m.a"] = []jwt.WeightedMapping{{Subject: jwt.Subject(Pick(r, []string{"svc.a", "ev.a", "loc.a"})), Weight: 100}}
		case 1:
			a.Claims.Mappings["m.*"] = []jwt.WeightedMapping{{Subject: "svc.{{wildcard(1)}}", Weight: 100}}
		default:
			a.Claims.Mappings[jwt.Subject(Pick(r, []string{"svc.a", "ev.a", "x.a"}))] = []jwt.WeightedMapping{{Subject: jwt.Subject(Pick(r, []string{"svc.b", "ev.b", "m.b"})), Weight: 100}}
		}
	}
	if r.Intn(5) == 0 {
		a.Claims.Limits.DisallowBearer = true
	}
	if r.Intn(30) == 0 {
		a.Claims.Expires = time.Now().Add(-time.Minute).Unix() // the server does not load it
	}
	if r.Intn(4) == 0 {
		a.Scoped = MustKey(nkeys.CreateAccount)
		scope := jwt.NewUserScope()
		scope.Key = PubOf(a.Scoped)
		scope.Role = "role"
		scope.Template.Permissions = randomPerms(r, true)
		a.Claims.SigningKeys.AddScopedSigner(scope)
	}
	return a
}

func validation(c jwt.Claims) string {
	vr := jwt.CreateValidationResults()
	c.Validate(vr)
	if vr.IsBlocking(true) {
		return fmt.Sprint(vr.Errors())
	}
	return ""
}

func randomPerms(r *rand.Rand, templates bool) jwt.Permissions {
	var p jwt.Permissions
	list := func(n int) []string {
		var out []string
		for i := 0; i < n; i++ {
			s := Pick(r, permSubjects)
			if strings.Contains(s, "{{") && !templates {
				s = "svc.b"
			}
			out = append(out, s)
		}
		return out
	}
	switch r.Intn(6) {
	case 0:
		p.Pub.Allow = list(1 + r.Intn(3))
	case 1:
		p.Pub.Deny = list(1 + r.Intn(2))
	case 2:
		p.Sub.Allow = list(1 + r.Intn(3))
	case 3:
		p.Sub.Deny = list(1 + r.Intn(2))
	case 4:
		p.Pub.Allow, p.Sub.Allow = list(1+r.Intn(2)), list(1+r.Intn(2))
	default:
		p.Pub.Deny, p.Sub.Deny = list(1), list(1)
	}
	if r.Intn(3) == 0 {
		p.Pub.Deny = append(p.Pub.Deny, list(1)...)
	}
	if r.Intn(7) == 0 {
		p.Resp = &jwt.ResponsePermission{MaxMsgs: 1, Expires: time.Second}
	}
	return p
}

func addImports(r *rand.Rand, a *Account, all []*Account) {
	for i, n := 0, r.Intn(4); i < n; i++ {
		src := Pick(r, all)
		if src == a || len(src.Claims.Exports) == 0 {
			continue
		}
		e := Pick(r, src.Claims.Exports)
		imp := &jwt.Import{Name: fmt.Sprintf("i%d", i), Account: src.Pub, Type: e.Type, Subject: e.Subject}
		if e.AccountTokenPosition > 0 {
			imp.Subject = jwt.Subject("tp." + Pick(r, []string{a.Pub, a.Pub, src.Pub}))
		} else if hasWild(string(e.Subject)) && r.Intn(2) == 0 {
			imp.Subject = jwt.Subject(strings.NewReplacer("*", "a", ">", "a").Replace(string(e.Subject)))
		}
		if r.Intn(10) < 4 {
			first := "loc"
			if e.Type == jwt.Stream {
				first = "in"
			}
			t := strings.SplitN(string(imp.Subject), ".", 2)
			rest := t[1]
			if strings.Count(rest, "*") == 1 && r.Intn(2) == 0 {
				rest = strings.Replace(rest, "*", "$1", 1) // a reference, as natsplan writes it
			}
			imp.LocalSubject = jwt.RenamingSubject(first + "." + rest)
		}
		if e.TokenReq && r.Intn(10) < 8 {
			imp.Token = activation(r, src, a, e, imp)
		}
		a.Claims.Imports.Add(imp)
		if validation(a.Claims) != "" && r.Intn(10) < 8 {
			a.Claims.Imports = a.Claims.Imports[:len(a.Claims.Imports)-1]
		}
	}
}

func hasWild(s string) bool { return strings.ContainsAny(s, "*>") }

func activation(r *rand.Rand, exp, imp *Account, e *jwt.Export, i *jwt.Import) string {
	act := jwt.NewActivationClaims(imp.Pub)
	act.ImportType = e.Type
	act.ImportSubject = i.Subject
	if r.Intn(3) == 0 {
		act.ImportSubject = e.Subject
	}
	if r.Intn(10) == 0 {
		act.ImportSubject = "svc.zz"
	}
	if r.Intn(10) == 0 {
		act.Expires = time.Now().Add(-time.Minute).Unix()
	}
	signer := exp.Kp
	if exp.Scoped != nil && r.Intn(3) == 0 {
		signer, act.IssuerAccount = exp.Scoped, exp.Pub // a signing key of the exporter
	}
	tok, err := act.Encode(signer)
	if err != nil {
		panic(err)
	}
	if r.Intn(10) == 0 {
		e.Revocations = jwt.RevocationList{}
		e.Revocations.Revoke(imp.Pub, time.Now().Add(time.Minute))
	}
	return tok
}

func addUsers(r *rand.Rand, a *Account) {
	for i, n := 0, 1+r.Intn(3); i < n; i++ {
		u := &User{Name: fmt.Sprintf("u%d", i), Kp: MustKey(nkeys.CreateUser)}
		u.Claims = jwt.NewUserClaims(PubOf(u.Kp))
		u.Claims.Name = u.Name
		signer, issuerAccount := a.Kp, ""
		if a.Scoped != nil && r.Intn(2) == 0 {
			signer, issuerAccount = a.Scoped, a.Pub
		} else {
			if r.Intn(2) == 0 {
				u.Claims.Permissions = randomPerms(r, false)
			}
			if r.Intn(10) == 0 {
				u.Claims.BearerToken = true
			}
			if r.Intn(10) == 0 {
				u.Claims.AllowedConnectionTypes = jwt.StringList{Pick(r, []string{"LEAFNODE", "STANDARD", "websocket", "MQTT"})}
			}
		}
		if r.Intn(20) == 0 {
			u.Claims.Expires = time.Now().Add(-time.Minute).Unix()
		}
		if r.Intn(12) == 0 {
			if a.Claims.Revocations == nil {
				a.Claims.Revocations = jwt.RevocationList{}
			}
			a.Claims.Revocations.Revoke(u.Claims.Subject, time.Now().Add(time.Minute))
		}
		u.sign(signer, issuerAccount)
		a.Users = append(a.Users, u)
	}
}

func (u *User) sign(kp nkeys.KeyPair, issuerAccount string) {
	u.Claims.IssuerAccount = issuerAccount
	var err error
	if u.JWT, err = u.Claims.Encode(kp); err != nil {
		panic(err)
	}
	if u.Seed, err = u.Kp.Seed(); err != nil {
		panic(err)
	}
}
