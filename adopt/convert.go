package adopt

import (
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
)

// Result is what adopting a store gives.
type Result struct {
	Config []byte       // the configuration, formatted as natsplan fmt would
	State  *state.State // every JWT as nsc wrote it
	// Keys are every key the state names (entities and signing keys),
	// whose seeds CopySeeds copies, sorted by address.
	Keys []Key
	// Findings are the claims the configuration does not reproduce: the
	// first plan would change them. Empty when it says "No changes."
	Findings []Finding
	// Notes are what adopting noticed that changes nothing, such as
	// warnings of the configuration's validation.
	Notes []string
}

// Key is a key the state names, by the address natsplan gives it.
type Key struct {
	Address   string
	PublicKey string
}

// Finding is one claim of one entity the configuration cannot express.
type Finding struct {
	Address string // the entity
	Field   string // the JWT field, as in the JWT's JSON ("nats.limits.leaf")
	Detail  string
}

func (f Finding) String() string {
	if f.Field == "" {
		return f.Address + ": " + f.Detail
	}
	return f.Address + ": " + f.Field + ": " + f.Detail
}

// Convert adopts the store: configuration, state and keys, checked
// against each other (see the package documentation). now is the time
// the self-check plans at.
func Convert(s *nscstore.Store, now time.Time) (*Result, error) {
	c := newConverter(s)
	if err := c.grants(); err != nil {
		return nil, err
	}
	blocks := []*block{c.operator()}
	for _, a := range c.accounts {
		blocks = append(blocks, c.account(a))
	}
	for _, g := range c.grantList {
		blocks = append(blocks, c.grantBlock(g))
	}
	res := &Result{State: c.st, Keys: c.keys, Findings: c.findings}
	res.Config = renderFile([]string{
		"Adopted from the nsc store " + s.Dir + " by natsplan adopt.",
		"The state holds every JWT as nsc signed it; the first plan changes nothing.",
	}, blocks)
	sort.Slice(res.Keys, func(i, j int) bool { return res.Keys[i].Address < res.Keys[j].Address })
	more, notes := selfCheck(res, now)
	res.Findings = append(res.Findings, more...)
	res.Notes = append(res.Notes, notes...)
	return res, nil
}

// converter holds the labels and lookups of one conversion.
type converter struct {
	s         *nscstore.Store
	op        string // the operator's label
	opKeys    map[string]string
	accounts  []*account
	byKey     map[string]*account // managed accounts by public key
	grantList []*grant
	st        *state.State
	keys      []Key
	findings  []Finding
}

// account is one account of the store with the labels given to it and to
// what it holds.
type account struct {
	*nscstore.Account
	label   string
	addr    string
	keys    map[string]string // signing key -> its label
	exports map[*jwt.Export]string
	imports map[*jwt.Import]string
	users   []string // labels, in the order of Account.Users
}

func newConverter(s *nscstore.Store) *converter {
	c := &converter{s: s, byKey: map[string]*account{}, st: state.New()}
	c.op = labels{}.take(s.Operator.Claims.Name, "operator")
	c.opKeys = keyLabels(s.Operator.Claims.SigningKeys, nil)
	accts := labels{}
	for _, a := range s.Accounts {
		x := &account{Account: a, label: accts.take(a.Claims.Name, "account"), exports: map[*jwt.Export]string{},
			imports: map[*jwt.Import]string{}}
		x.addr = "account." + x.label
		x.keys = keyLabels(a.Claims.SigningKeys.Keys(), a.Claims.SigningKeys)
		c.accounts = append(c.accounts, x)
		c.byKey[a.Claims.Subject] = x
	}
	for _, x := range c.accounts {
		names := labels{}
		for _, e := range x.Claims.Exports {
			x.exports[e] = names.take(c.withoutKeys(e.Name), e.Type.String())
		}
		names = labels{}
		for _, i := range x.Claims.Imports {
			x.imports[i] = names.take(c.withoutKeys(i.Name), "import")
		}
		names = labels{}
		for _, u := range x.Users {
			x.users = append(x.users, names.take(u.Claims.Name, "user"))
		}
	}
	return c
}

// withoutKeys replaces the public keys of managed accounts in a name by
// the accounts' labels, for labels made from subjects: nsc names an
// import of billing.<key of Shop> after that subject.
func (c *converter) withoutKeys(name string) string {
	const keyLen = 56
	for i := 0; i+keyLen <= len(name); i++ {
		if a := c.byKey[name[i:i+keyLen]]; a != nil {
			name = name[:i] + a.label + name[i+keyLen:]
			i += len(a.label) - 1
		}
	}
	return name
}

// keyLabels names signing keys: a scoped key after its role, others
// sk1, sk2, ... in the order of their public keys.
func keyLabels(keys []string, scopes jwt.SigningKeys) map[string]string {
	sorted := append([]string(nil), keys...)
	sort.Strings(sorted)
	out := map[string]string{}
	used := labels{}
	for _, k := range sorted {
		if s, ok := scopes[k].(*jwt.UserScope); ok && s != nil && s.Role != "" {
			out[k] = used.take(s.Role, "role")
		}
	}
	n := 0
	for _, k := range sorted {
		if out[k] == "" {
			n++
			out[k] = used.take(fmt.Sprintf("sk%d", n), "sk")
		}
	}
	return out
}

func (c *converter) key(addr, pub string) { c.keys = append(c.keys, Key{addr, pub}) }

func (c *converter) find(addr, field, format string, args ...any) {
	c.findings = append(c.findings, Finding{addr, field, fmt.Sprintf(format, args...)})
}

// operator writes the operator block and its state.
func (c *converter) operator() *block {
	o := c.s.Operator
	oc := o.Claims
	addr := "operator." + c.op
	b := newBlock("operator", c.op)
	named(b, c.op, oc.Name)
	if sys := oc.SystemAccount; sys != "" {
		if a := c.byKey[sys]; a != nil {
			b.attr("system_account", a.addr)
		} else {
			c.find(addr, "nats.system_account", "the system account %s is not in the store; the configuration can only name an account it declares", sys)
		}
	}
	if oc.StrictSigningKeyUsage {
		b.attr("strict_signing_key_usage", "true")
	}
	if len(oc.OperatorServiceURLs) > 0 {
		b.attr("service_urls", list(oc.OperatorServiceURLs))
	}
	if oc.AccountServerURL != "" {
		b.attr("account_server_url", quote(oc.AccountServerURL))
	}
	if oc.AssertServerVersion != "" {
		b.attr("assert_server_version", quote(oc.AssertServerVersion))
	}
	tags(b, oc.Tags)
	validity(b, oc.ClaimsData)
	sk := map[string]string{}
	for _, k := range sortedKeys(c.opKeys) {
		b.add(newBlock("signing_key", c.opKeys[k]))
		sk[c.opKeys[k]] = k
		c.key(addr+".signing_key."+c.opKeys[k], k)
	}
	c.key(addr, oc.Subject)
	r := resource(state.KindOperator, c.op, o.File, oc)
	r.SigningKeys, r.PreventDestroy = nilIfEmpty(sk), true
	c.st.Resources[addr] = r
	return b
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return m[out[i]] < m[out[j]] })
	return out
}

func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

func tags(b *block, t jwt.TagList) {
	if len(t) > 0 {
		b.attr("tags", list(t))
	}
}

// validity writes expires and not_before as fixed times.
func validity(b *block, d jwt.ClaimsData) {
	if d.Expires != 0 {
		b.attr("expires", stamp(d.Expires))
	}
	if d.NotBefore != 0 {
		b.attr("not_before", stamp(d.NotBefore))
	}
}
