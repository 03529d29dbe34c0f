package access_test

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
type genConfig struct {
	seed     int64
	op       *jwt.OperatorClaims
	opJWT    string
	sys      *genAccount
	accounts []*genAccount
}

type genAccount struct {
	kp     nkeys.KeyPair
	pub    string
	name   string
	claims *jwt.AccountClaims
	jwt    string
	scoped nkeys.KeyPair // a scoped signing key, or nil
	users  []*genUser
	helper *genUser // an unconstrained user for probes, repliers, publishers
}

type genUser struct {
	name   string
	kp     nkeys.KeyPair
	seed   []byte
	claims *jwt.UserClaims
	jwt    string
}

func (u *genUser) addr(a *genAccount) string { return "account." + a.name + ".user." + u.name }

// The subject vocabulary: small, so that generated permissions, exports,
// imports and queries meet often.
var (
	exportSubjects = []string{"svc.a", "svc.b", "svc.*", "svc.>", "ev.a", "ev.*", "ev.>", "tp.*", "svc.a.x"}
	permSubjects   = []string{"svc.a", "svc.*", "svc.>", "ev.a", "ev.*", "ev.>", ">", "loc.*", "loc.>", "in.>", "in.*",
		"_INBOX.>", "_INBOX.*", "svc.a.x", "m.*", "tp.>", "*.a", "{{name()}}.>"}
	literals = []string{"u0.a", "u1.b", "svc.a", "svc.b", "svc.c", "ev.a", "ev.b", "svc.a.x", "loc.a", "loc.b", "in.a", "in.b", "m.a", "m.b", "x.a"}
	subs     = []string{"u0.>", "svc.a", "svc.*", "svc.>", "ev.a", "ev.*", "ev.>", ">", "in.*", "in.>", "in.a", "loc.a", "*.a", "ev.b", "*.*"}
)

func pick[T any](r *rand.Rand, l []T) T { return l[r.Intn(len(l))] }

func mustKey(f func() (nkeys.KeyPair, error)) nkeys.KeyPair {
	kp, err := f()
	if err != nil {
		panic(err)
	}
	return kp
}

func pubOf(kp nkeys.KeyPair) string {
	p, err := kp.PublicKey()
	if err != nil {
		panic(err)
	}
	return p
}

func generate(seed int64) *genConfig {
	r := rand.New(rand.NewSource(seed))
	g := &genConfig{seed: seed}
	opKP := mustKey(nkeys.CreateOperator)
	g.op = jwt.NewOperatorClaims(pubOf(opKP))
	g.sys = newAccount(r, "SYS", false)
	g.op.SystemAccount = g.sys.pub
	n := 2 + r.Intn(3)
	for i := 0; i < n; i++ {
		g.accounts = append(g.accounts, newAccount(r, fmt.Sprintf("A%d", i), true))
	}
	for _, a := range g.accounts {
		addImports(r, a, g.accounts)
	}
	for _, a := range g.accounts {
		addUsers(r, a)
	}
	var err error
	if g.opJWT, err = g.op.Encode(opKP); err != nil {
		panic(err)
	}
	for _, a := range append([]*genAccount{g.sys}, g.accounts...) {
		a.helper = &genUser{name: "helper", kp: mustKey(nkeys.CreateUser)}
		a.helper.claims = jwt.NewUserClaims(pubOf(a.helper.kp))
		// Permissions of its own, so that the account's defaults do not apply.
		a.helper.claims.Pub.Allow.Add(">")
		a.helper.claims.Sub.Allow.Add(">")
		a.helper.sign(a.kp, "")
		if a.jwt, err = a.claims.Encode(opKP); err != nil {
			panic(err)
		}
	}
	return g
}

func newAccount(r *rand.Rand, name string, rich bool) *genAccount {
	kp := mustKey(nkeys.CreateAccount)
	a := &genAccount{kp: kp, pub: pubOf(kp), name: name}
	a.claims = jwt.NewAccountClaims(a.pub)
	a.claims.Name = name
	if !rich {
		return a
	}
	for i, n := 0, 1+r.Intn(3); i < n; i++ {
		e := &jwt.Export{Name: fmt.Sprintf("e%d", i), Subject: jwt.Subject(pick(r, exportSubjects)), Type: jwt.Service}
		if r.Intn(2) == 0 {
			e.Type = jwt.Stream
		}
		e.TokenReq = r.Intn(10) < 3
		if e.Subject == "tp.*" {
			e.AccountTokenPosition = 2
		}
		a.claims.Exports.Add(e)
	}
	if vr := validation(a.claims); vr != "" {
		a.claims.Exports = a.claims.Exports[:1]
	}
	if r.Intn(4) == 0 {
		a.claims.DefaultPermissions = randomPerms(r, false)
	}
	if r.Intn(4) == 0 {
		a.claims.Mappings = jwt.Mapping{}
		switch r.Intn(3) {
		case 0:
			a.claims.Mappings["m.a"] = []jwt.WeightedMapping{{Subject: jwt.Subject(pick(r, []string{"svc.a", "ev.a", "loc.a"})), Weight: 100}}
		case 1:
			a.claims.Mappings["m.*"] = []jwt.WeightedMapping{{Subject: "svc.{{wildcard(1)}}", Weight: 100}}
		default:
			a.claims.Mappings[jwt.Subject(pick(r, []string{"svc.a", "ev.a", "x.a"}))] = []jwt.WeightedMapping{{Subject: jwt.Subject(pick(r, []string{"svc.b", "ev.b", "m.b"})), Weight: 100}}
		}
	}
	if r.Intn(5) == 0 {
		a.claims.Limits.DisallowBearer = true
	}
	if r.Intn(4) == 0 {
		a.scoped = mustKey(nkeys.CreateAccount)
		scope := jwt.NewUserScope()
		scope.Key = pubOf(a.scoped)
		scope.Role = "role"
		scope.Template.Permissions = randomPerms(r, true)
		a.claims.SigningKeys.AddScopedSigner(scope)
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
			s := pick(r, permSubjects)
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

func addImports(r *rand.Rand, a *genAccount, all []*genAccount) {
	for i, n := 0, r.Intn(4); i < n; i++ {
		src := pick(r, all)
		if src == a || len(src.claims.Exports) == 0 {
			continue
		}
		e := pick(r, src.claims.Exports)
		imp := &jwt.Import{Name: fmt.Sprintf("i%d", i), Account: src.pub, Type: e.Type, Subject: e.Subject}
		if e.AccountTokenPosition > 0 {
			imp.Subject = jwt.Subject("tp." + pick(r, []string{a.pub, a.pub, src.pub}))
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
		a.claims.Imports.Add(imp)
		if validation(a.claims) != "" && r.Intn(10) < 8 {
			a.claims.Imports = a.claims.Imports[:len(a.claims.Imports)-1]
		}
	}
}

func hasWild(s string) bool { return strings.ContainsAny(s, "*>") }

func activation(r *rand.Rand, exp, imp *genAccount, e *jwt.Export, i *jwt.Import) string {
	act := jwt.NewActivationClaims(imp.pub)
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
	tok, err := act.Encode(exp.kp)
	if err != nil {
		panic(err)
	}
	if r.Intn(10) == 0 {
		e.Revocations = jwt.RevocationList{}
		e.Revocations.Revoke(imp.pub, time.Now().Add(time.Minute))
	}
	return tok
}

func addUsers(r *rand.Rand, a *genAccount) {
	for i, n := 0, 1+r.Intn(3); i < n; i++ {
		u := &genUser{name: fmt.Sprintf("u%d", i), kp: mustKey(nkeys.CreateUser)}
		u.claims = jwt.NewUserClaims(pubOf(u.kp))
		u.claims.Name = u.name
		signer, issuerAccount := a.kp, ""
		if a.scoped != nil && r.Intn(2) == 0 {
			signer, issuerAccount = a.scoped, a.pub
		} else {
			if r.Intn(2) == 0 {
				u.claims.Permissions = randomPerms(r, false)
			}
			if r.Intn(10) == 0 {
				u.claims.BearerToken = true
			}
			if r.Intn(10) == 0 {
				u.claims.AllowedConnectionTypes = jwt.StringList{pick(r, []string{"LEAFNODE", "STANDARD", "websocket", "MQTT"})}
			}
		}
		if r.Intn(20) == 0 {
			u.claims.Expires = time.Now().Add(-time.Minute).Unix()
		}
		if r.Intn(12) == 0 {
			if a.claims.Revocations == nil {
				a.claims.Revocations = jwt.RevocationList{}
			}
			a.claims.Revocations.Revoke(u.claims.Subject, time.Now().Add(time.Minute))
		}
		u.sign(signer, issuerAccount)
		a.users = append(a.users, u)
	}
}

func (u *genUser) sign(kp nkeys.KeyPair, issuerAccount string) {
	u.claims.IssuerAccount = issuerAccount
	var err error
	if u.jwt, err = u.claims.Encode(kp); err != nil {
		panic(err)
	}
	if u.seed, err = u.kp.Seed(); err != nil {
		panic(err)
	}
}
