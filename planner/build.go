package planner

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// jwtVersion is the claims format version nats-server expects (jwt/v2).
const jwtVersion = 2

// builder turns a Config into Desired entities. Grants are built before
// accounts because an importer's digest includes its grant's digest.
type builder struct {
	cfg   *lang.Config
	st    *state.State
	keys  *keyring
	out   map[string]*Desired
	diags hcl.Diagnostics

	configured map[string]bool // every address the config declares
	revIdx     *revocationIndex
}

// Build returns every entity the configuration wants, by address, with
// jwt/v2's own validation of each claim reported on the entity's block.
//
// keys answers the public key of entities that exist; nil means "those in
// st". Apply passes the keys it has just generated.
func Build(cfg *lang.Config, st *state.State, keys func(string) (string, bool)) (map[string]*Desired, map[string]string, hcl.Diagnostics) {
	if keys == nil {
		keys = StateKeys(st)
	}
	b := &builder{cfg: cfg, st: st, keys: newKeyring(keys, cfg), out: map[string]*Desired{},
		configured: configuredAddresses(cfg)}
	if cfg.Operator == nil {
		return b.out, b.keys.pending, nil
	}
	b.operator()
	for _, g := range cfg.Grants {
		b.grant(g)
	}
	for _, a := range cfg.Accounts {
		b.account(a)
		for _, u := range a.Users {
			b.user(u)
		}
	}
	for _, d := range b.out {
		b.diags = append(b.diags, validateClaims(d)...)
	}
	return b.out, b.keys.pending, b.diags
}

func (b *builder) operatorAddr() string { return "operator." + b.cfg.Operator.Name }

func (b *builder) accountKey(name string) string {
	return b.keys.key(state.KindAccount, "account."+name)
}

func (b *builder) add(d *Desired) {
	d.Digest = Digest(d.Claims)
	b.out[d.Address] = d
}

func (b *builder) operator() {
	op := b.cfg.Operator
	addr := b.operatorAddr()
	key := b.keys.key(state.KindOperator, addr)
	oc := jwt.NewOperatorClaims(key)
	oc.Name = op.Name
	oc.Issuer = key
	oc.Type = jwt.OperatorClaim
	oc.Version = jwtVersion
	if op.SystemAccount != "" {
		oc.SystemAccount = b.accountKey(op.SystemAccount)
	}
	b.add(&Desired{Address: addr, Kind: state.KindOperator, Name: op.Name, PublicKey: key,
		Signer: addr, Claims: oc, DeclRange: op.DeclRange})
}

func (b *builder) grant(g *lang.Grant) {
	target := g.ToKey
	if g.To != "" {
		target = b.accountKey(g.To)
	}
	ac := jwt.NewActivationClaims(target)
	ac.Name = g.Subject
	ac.ImportSubject = jwt.Subject(g.Subject)
	ac.ImportType = exportType(g.Kind)
	ac.Issuer = b.accountKey(g.From)
	ac.Type = jwt.ActivationClaim
	ac.Version = jwtVersion
	b.add(&Desired{Address: g.Address(), Kind: state.KindGrant, Name: g.Name, PublicKey: target,
		Signer: "account." + g.From, Claims: ac, Export: g.Export, DeclRange: g.DeclRange})
}

func (b *builder) user(u *lang.User) {
	addr := u.Address()
	key := b.keys.key(state.KindUser, addr)
	uc := jwt.NewUserClaims(key)
	uc.Name = u.Name
	uc.Issuer = b.accountKey(u.Account)
	uc.Type = jwt.UserClaim
	uc.Version = jwtVersion
	b.add(&Desired{Address: addr, Kind: state.KindUser, Name: u.Name, PublicKey: key,
		Signer: "account." + u.Account, Claims: uc, DeclRange: u.DeclRange})
}

func (b *builder) account(a *lang.Account) {
	addr := a.Address()
	key := b.accountKey(a.Name)
	ac := jwt.NewAccountClaims(key)
	ac.Name = a.Name
	ac.Issuer = b.keys.key(state.KindOperator, b.operatorAddr())
	ac.Type = jwt.AccountClaim
	ac.Version = jwtVersion
	for _, e := range a.Exports {
		ac.Exports = append(ac.Exports, &jwt.Export{Name: e.Name, Subject: jwt.Subject(e.Subject),
			Type: exportType(e.Kind), TokenReq: e.Private})
	}
	for _, i := range a.Imports {
		ac.Imports = append(ac.Imports, b.importClaim(i))
	}
	revs := b.revocations(a)
	applyRevocations(ac, revs)
	sort.Sort(ac.Exports)
	sort.Sort(ac.Imports)
	b.add(&Desired{Address: addr, Kind: state.KindAccount, Name: a.Name, PublicKey: key,
		Signer: b.operatorAddr(), Claims: ac, Revocations: revs, DeclRange: a.DeclRange})
}

func (b *builder) importClaim(i *lang.Import) *jwt.Import {
	from := i.FromKey
	if i.From != "" {
		from = b.accountKey(i.From)
	}
	imp := &jwt.Import{Name: i.Name, Subject: jwt.Subject(i.Subject), Account: from,
		LocalSubject: jwt.RenamingSubject(i.LocalSubject), Type: exportType(i.Kind)}
	if g := b.grantFor(i); g != nil {
		imp.Token = TokenRef(g.Address(), b.out[g.Address()].Digest)
	}
	return imp
}

// grantFor returns the grant whose activation an import carries (lang
// chose it: the one naming the export and the importer whose subject holds
// the import's subject), or nil for a public export.
func (b *builder) grantFor(i *lang.Import) *lang.Grant {
	if i.Grant == "" {
		return nil
	}
	for _, g := range b.cfg.Grants {
		if g.Name == i.Grant {
			return g
		}
	}
	return nil
}

func exportType(k lang.ExportKind) jwt.ExportType {
	if k == lang.Stream {
		return jwt.Stream
	}
	return jwt.Service
}

func configuredAddresses(cfg *lang.Config) map[string]bool {
	set := map[string]bool{}
	for _, g := range cfg.Grants {
		set[g.Address()] = true
	}
	for _, a := range cfg.Accounts {
		set[a.Address()] = true
		for _, u := range a.Users {
			set[u.Address()] = true
		}
	}
	return set
}
