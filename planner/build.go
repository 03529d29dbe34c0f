package planner

import (
	"maps"
	"sort"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/parallel"
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
	now   int64 // unix seconds: relative expiry counts from it
	out   map[string]*Desired
	diags hcl.Diagnostics

	// shared holds what was settled before accounts were built (the
	// operator and grants), for the workers that build accounts in
	// parallel, each into its own out.
	shared map[string]*Desired

	configured map[string]bool // every address the config declares
	replace    map[string]bool // users -replace gives a new key: their old key is revoked
	revIdx     *revocationIndex

	// batch, when not nil, collects what add is given instead of
	// settling it at once; settleBatch then digests it on all cores.
	batch []pendingAdd
}

// pendingAdd is one entity given to add, with its validity.
type pendingAdd struct {
	d *Desired
	v lang.Validity
}

// Build returns every entity the configuration wants, by address, with
// jwt/v2's own validation of each claim reported on the entity's block.
// Relative expiries count from the current time; New takes the time as an
// option instead.
//
// keys answers the public key of entities that exist; nil means "those in
// st". Apply passes the keys it has just generated.
func Build(cfg *lang.Config, st *state.State, keys func(string) (string, bool)) (map[string]*Desired, map[string]string, hcl.Diagnostics) {
	return build(cfg, st, keys, time.Now(), nil)
}

func build(cfg *lang.Config, st *state.State, keys func(string) (string, bool), now time.Time, replace map[string]bool) (map[string]*Desired, map[string]string, hcl.Diagnostics) {
	if keys == nil {
		keys = StateKeys(st)
	}
	b := &builder{cfg: cfg, st: st, keys: newKeyring(keys, cfg), now: now.Unix(), replace: replace,
		out: make(map[string]*Desired, entityCount(cfg)), configured: configuredAddresses(cfg)}
	if cfg.Operator == nil {
		return b.out, b.keys.pending, nil
	}
	// The operator and the grants first: an importer's digest holds its
	// grant's digest.
	b.batch = []pendingAdd{}
	b.operator()
	for _, g := range cfg.Grants {
		b.grant(g)
	}
	b.settleBatch()
	// Accounts and users are most of a fleet, and no digest of one is
	// read while building another: chunks of accounts are built, digested
	// and validated on all cores, each by a worker of its own.
	b.buildAccounts()
	b.settleIssueAfter()
	return b.out, b.keys.pending, b.diags
}

// buildAccounts builds every account and its users, a chunk of accounts
// per worker, and merges the workers' entities and diagnostics in order.
func (b *builder) buildAccounts() {
	accounts := b.cfg.Accounts
	if b.revIdx == nil {
		b.revIdx = b.index() // built once, read by every worker
	}
	workers := make([]*builder, parallel.ChunkCount(len(accounts), accountChunk))
	parallel.Chunks(len(accounts), accountChunk, func(c, lo, hi int) {
		w := b.worker()
		for _, a := range accounts[lo:hi] {
			w.account(a)
			for _, u := range a.Users {
				w.user(a, u)
			}
		}
		w.settleBatch()
		workers[c] = w
	})
	for _, w := range workers {
		maps.Copy(b.out, w.out)
		b.diags = append(b.diags, w.diags...)
	}
}

// worker is a builder for one chunk of accounts: its own out, batch and
// diagnostics; what it shares with b is only read while workers run.
func (b *builder) worker() *builder {
	return &builder{cfg: b.cfg, st: b.st, keys: b.keys, now: b.now, out: map[string]*Desired{},
		shared: b.out, configured: b.configured, replace: b.replace, revIdx: b.revIdx, batch: []pendingAdd{}}
}

// settled returns the entity at addr built so far: by this builder, or
// before the workers started.
func (b *builder) settled(addr string) *Desired {
	if d, ok := b.out[addr]; ok {
		return d
	}
	return b.shared[addr]
}

// accountChunk is how many accounts one worker builds: enough to make a
// worker worth starting, few enough that every core gets work and that
// the claims of a large fleet are never all in memory at once.
const accountChunk = 250

func (b *builder) operatorAddr() string { return "operator." + b.cfg.Operator.Name }

func (b *builder) accountKey(name string) string {
	return b.keys.key(state.KindAccount, "account."+name)
}

// add records d with its digest, and when its expiry is relative, settles
// the expiry (expiry.go).
func (b *builder) add(d *Desired, v lang.Validity) {
	d.expiresIn = v.ExpiresIn
	b.out[d.Address] = d
	if b.batch != nil {
		b.batch = append(b.batch, pendingAdd{d, v})
		return
	}
	b.settleExpiry(d, v)
}

// settleBatch digests and validates the entities add collected, on all
// cores, and settles them in the order they were added. Claims found
// unchanged are dropped: nothing signs or describes them, and a fleet's
// claims took a third of a plan's memory.
func (b *builder) settleBatch() {
	batch := b.batch
	b.batch = nil
	found := make([]hcl.Diagnostics, len(batch))
	parallel.For(len(batch), 64, func(i int) {
		batch[i].d.Digest = claimsDigest(batch[i].d, batch[i].v)
		found[i] = validateClaims(batch[i].d)
	})
	for i, a := range batch {
		b.settle(a.d, a.v)
		b.diags = append(b.diags, found[i]...)
	}
	parallel.For(len(batch), 256, func(i int) {
		if d := batch[i].d; unchanged(d, b.st.Get(d.Address)) {
			d.Claims = nil
		}
	})
}

// setGeneric sets the fields every claim carries.
func setGeneric(c *jwt.ClaimsData, g *jwt.GenericFields, name, issuer string, typ jwt.ClaimType, v lang.Validity) {
	c.Name, c.Issuer = name, issuer
	g.Type, g.Version = typ, jwtVersion
	c.NotBefore, c.Expires = v.NotBefore, v.Expires
}

func (b *builder) operator() {
	op := b.cfg.Operator
	addr := b.operatorAddr()
	key := b.keys.key(state.KindOperator, addr)
	oc := jwt.NewOperatorClaims(key)
	setGeneric(&oc.ClaimsData, &oc.GenericFields, op.ClaimName, key, jwt.OperatorClaim, op.Validity)
	if op.SystemAccount != "" {
		oc.SystemAccount = b.accountKey(op.SystemAccount)
	}
	sk := map[string]string{}
	for _, k := range op.SigningKeys {
		if k.Compromised { // dropped from the JWT at once (rotation.go)
			continue
		}
		sk[k.Name] = b.keys.key(state.KindOperator, k.Address())
		oc.SigningKeys.Add(sk[k.Name])
	}
	sort.Strings(oc.SigningKeys)
	oc.StrictSigningKeyUsage = op.StrictSigningKeys
	oc.OperatorServiceURLs = stringList(op.ServiceURLs)
	oc.AccountServerURL = op.AccountServerURL
	oc.AssertServerVersion = op.AssertServerVersion
	oc.Tags = jwt.TagList(op.Tags)
	b.add(&Desired{Address: addr, Kind: state.KindOperator, Name: op.Name, PublicKey: key,
		Signer: addr, SignerKey: key, Claims: oc, SigningKeys: nilIfEmpty(sk),
		PreventDestroy: op.PreventDestroy, DeclRange: op.DeclRange}, op.Validity)
}

func (b *builder) grant(g *lang.Grant) {
	target := g.ToKey
	if g.To != "" {
		target = b.accountKey(g.To)
	}
	acctKey := b.accountKey(g.From)
	ac := jwt.NewActivationClaims(target)
	signer, signerKey := "account."+g.From, acctKey
	if g.Signer != "" { // a signing key issues it on the account's behalf
		signer = "account." + g.From + ".signing_key." + g.Signer
		signerKey = b.keys.key(state.KindAccount, signer)
		ac.IssuerAccount = acctKey
	}
	setGeneric(&ac.ClaimsData, &ac.GenericFields, g.Subject, signerKey, jwt.ActivationClaim, g.Validity)
	ac.ImportSubject = jwt.Subject(g.Subject)
	ac.ImportType = exportType(g.Kind)
	b.add(&Desired{Address: g.Address(), Kind: state.KindGrant, Name: g.Name, PublicKey: target,
		Signer: signer, SignerKey: signerKey, Claims: ac, Export: g.Export,
		PreventDestroy: g.PreventDestroy, TokenFile: g.TokenFile, DeclRange: g.DeclRange}, g.Validity)
}

func (b *builder) user(a *lang.Account, u *lang.User) {
	addr := u.Address()
	key := b.keys.key(state.KindUser, addr)
	acctKey := b.accountKey(u.Account)
	uc := jwt.NewUserClaims(key)
	signer, signerKey := a.Address(), acctKey
	uc.UserPermissionLimits = userPermissionLimits(u.Settings)
	if k := a.SigningKey(u.Signer); k != nil {
		signer, signerKey = k.Address(), b.keys.key(state.KindAccount, k.Address())
		uc.IssuerAccount = acctKey
		if k.Scoped {
			uc.SetScoped(true)
		}
	}
	setGeneric(&uc.ClaimsData, &uc.GenericFields, u.ClaimName, signerKey, jwt.UserClaim, u.Validity)
	uc.Tags = jwt.TagList(u.Tags)
	b.add(&Desired{Address: addr, Kind: state.KindUser, Name: u.Name, PublicKey: key,
		Signer: signer, SignerKey: signerKey, Claims: uc, PreventDestroy: u.PreventDestroy,
		DeclRange: u.DeclRange}, u.Validity)
}

func (b *builder) account(a *lang.Account) {
	addr := a.Address()
	key := b.accountKey(a.Name)
	signer := b.operatorAddr()
	if a.Signer != "" {
		signer = b.operatorAddr() + ".signing_key." + a.Signer
	}
	signerKey := b.keys.key(state.KindOperator, signer)
	ac := jwt.NewAccountClaims(key)
	setGeneric(&ac.ClaimsData, &ac.GenericFields, a.ClaimName, signerKey, jwt.AccountClaim, a.Validity)
	sk := b.accountSettings(ac, a)
	for _, e := range a.Exports {
		ac.Exports = append(ac.Exports, exportClaim(e))
	}
	for _, i := range a.Imports {
		ac.Imports = append(ac.Imports, b.importClaim(i))
	}
	revs := b.revocations(a)
	applyRevocations(ac, revs, a)
	sort.Sort(ac.Exports)
	sort.Sort(ac.Imports)
	b.add(&Desired{Address: addr, Kind: state.KindAccount, Name: a.Name, PublicKey: key,
		Signer: signer, SignerKey: signerKey, Claims: ac, Revocations: revs, SigningKeys: sk,
		PreventDestroy: a.PreventDestroy, Refresh: b.renewedGrant(a), DeclRange: a.DeclRange}, a.Validity)
}

func exportType(k lang.ExportKind) jwt.ExportType {
	if k == lang.Stream {
		return jwt.Stream
	}
	return jwt.Service
}

// entityCount is how many entities cfg declares, to size maps by.
func entityCount(cfg *lang.Config) int {
	n := 1 + len(cfg.Grants) + len(cfg.Accounts)
	for _, a := range cfg.Accounts {
		n += len(a.Users)
	}
	return n
}

func configuredAddresses(cfg *lang.Config) map[string]bool {
	set := make(map[string]bool, entityCount(cfg))
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

// stringList is list as a jwt.StringList, nil when empty so that claims
// built from an empty list and from none digest alike.
func stringList(list []string) jwt.StringList {
	if len(list) == 0 {
		return nil
	}
	return append(jwt.StringList{}, list...)
}

func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}
