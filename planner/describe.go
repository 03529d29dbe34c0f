package planner

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/jwt/v2"
)

// Attr is one line of an entity's claims as a reviewer reads it: a scalar
// attribute (Key = Value) or a nested block (Key { Block... }).
type Attr struct {
	Key     string
	Value   string
	Block   []Attr
	Default bool // equal to the library default; omitted when showing a creation
}

// namer turns a public key into the name a reviewer knows it by.
type namer func(key string) string

// Describe lists the claims of an entity as attributes, sorted, so that two
// descriptions can be compared line by line. Import tokens are shown by the
// grant they carry, not as JWT text.
func Describe(c jwt.Claims, name namer) []Attr {
	switch c := c.(type) {
	case *jwt.OperatorClaims:
		return describeOperator(c, name)
	case *jwt.AccountClaims:
		return describeAccount(c, name)
	case *jwt.UserClaims:
		return describeUser(c, name)
	case *jwt.ActivationClaims:
		return describeActivation(c, name)
	}
	return nil
}

func describeOperator(c *jwt.OperatorClaims, name namer) []Attr {
	attrs := []Attr{{Key: "public_key", Value: quote(c.Subject)}}
	if c.SystemAccount != "" {
		attrs = append(attrs, Attr{Key: "system_account", Value: name(c.SystemAccount)})
	}
	attrs = append(attrs, nameAttr(&c.ClaimsData))
	attrs = append(attrs, validity(&c.ClaimsData)...)
	rest := c.Operator
	rest.SystemAccount = ""
	return append(attrs, flattenDiffable(rest, jwt.NewOperatorClaims("O").Operator)...)
}

func describeUser(c *jwt.UserClaims, name namer) []Attr {
	attrs := []Attr{{Key: "public_key", Value: quote(c.Subject)}}
	attrs = append(attrs, signedBy(c.Issuer, name)...)
	attrs = append(attrs, nameAttr(&c.ClaimsData))
	attrs = append(attrs, validity(&c.ClaimsData)...)
	rest := c.User
	rest.IssuerAccount = ""
	return append(attrs, flattenDiffable(comparableUser(rest), comparableUser(jwt.NewUserClaims("U").User))...)
}

// comparableUser clears what a user's JSON does not show differently, so
// that a user as the library makes it by default compares equal to one
// built here (flattenDiffable's fast path): type and version (which walk
// skips), and an empty source network list (omitted either way).
func comparableUser(u jwt.User) jwt.User {
	u.GenericFields = jwt.GenericFields{}
	if len(u.Src) == 0 {
		u.Src = nil
	}
	return u
}

func describeActivation(c *jwt.ActivationClaims, name namer) []Attr {
	return []Attr{
		{Key: "to", Value: name(c.Subject)},
		{Key: "kind", Value: c.ImportType.String()},
		{Key: "subject", Value: quote(string(c.ImportSubject))},
		{Key: "expires", Value: stampOrZero(c.Expires), Default: c.Expires == 0},
	}
}

func describeAccount(c *jwt.AccountClaims, name namer) []Attr {
	attrs := []Attr{{Key: "public_key", Value: quote(c.Subject)}}
	for _, e := range c.Exports {
		attrs = append(attrs, describeExport(e))
	}
	for _, i := range c.Imports {
		attrs = append(attrs, describeImport(i, name))
	}
	for key, at := range c.Revocations {
		attrs = append(attrs, Attr{Key: fmt.Sprintf("revoke user %s", name(key)),
			Block: []Attr{{Key: "public_key", Value: quote(key)}, {Key: "issued_before", Value: stamp(at)}}})
	}
	attrs = append(attrs, describeSigningKeys(c.SigningKeys, name)...)
	sortAttrs(attrs[1+len(c.Exports)+len(c.Imports):])
	attrs = append(attrs, signedBy(c.Issuer, name)...)
	attrs = append(attrs, nameAttr(&c.ClaimsData))
	attrs = append(attrs, validity(&c.ClaimsData)...)
	rest := c.Account
	rest.Exports, rest.Imports, rest.Revocations, rest.SigningKeys = nil, nil, nil, nil
	return append(attrs, flattenDiffable(rest, jwt.NewAccountClaims("A").Account)...)
}

func describeExport(e *jwt.Export) Attr {
	block := []Attr{{Key: "subject", Value: quote(string(e.Subject))}}
	if e.TokenReq {
		block = append(block, Attr{Key: "private", Value: "true"})
	}
	rest := *e
	rest.Name, rest.Subject, rest.Type, rest.TokenReq, rest.Revocations = "", "", 0, false, nil
	block = append(block, nonDefault(flatten(rest, ""), flatten(jwt.Export{}, ""))...)
	for key, at := range e.Revocations {
		block = append(block, Attr{Key: "revoke " + key, Value: fmt.Sprint(at)})
	}
	return Attr{Key: fmt.Sprintf("%s %q", e.Type, e.Name), Block: block}
}

func describeImport(i *jwt.Import, name namer) Attr {
	block := []Attr{
		{Key: i.Type.String(), Value: name(i.Account)},
		{Key: "subject", Value: quote(string(i.Subject))},
	}
	if i.LocalSubject != "" {
		block = append(block, Attr{Key: "local_subject", Value: quote(string(i.LocalSubject))})
	}
	if grant, ok := ParseTokenRef(i.Token); ok {
		block = append(block, Attr{Key: "activation", Value: grant})
	} else if url, ok := ParseURLTokenRef(i.Token); ok {
		block = append(block, Attr{Key: "activation", Value: "token from " + url})
	} else if i.Token != "" {
		block = append(block, Attr{Key: "activation", Value: "token"})
	}
	if i.Share {
		block = append(block, Attr{Key: "share", Value: "true"})
	}
	if i.AllowTrace {
		block = append(block, Attr{Key: "allow_trace", Value: "true"})
	}
	return Attr{Key: fmt.Sprintf("import %q", i.Name), Block: block}
}

// flattenDiffable lists every field of v as dotted paths, marking those equal
// to the library's default so a creation shows only what was asked for.
func flattenDiffable(v, def any) []Attr {
	d := defaultsOf(def)
	if reflect.DeepEqual(v, def) { // most users of a fleet: no JSON round trip
		return slices.Clone(d.attrs)
	}
	attrs := flatten(v, "")
	for i := range attrs {
		dv, ok := d.values[attrs[i].Key]
		attrs[i].Default = ok && dv == attrs[i].Value
	}
	return attrs
}

// flatDefaults is a claim kind's library default, flattened: as
// attributes (all marked Default) and as values by key.
type flatDefaults struct {
	attrs  []Attr
	values map[string]string
}

// defaultValues caches defaultsOf: a first apply describes every entity,
// and flattening the same defaults again for each was a third of that.
var defaultValues sync.Map // reflect.Type -> *flatDefaults

// defaultsOf flattens def, a claim kind's library default, once per type.
// Callers pass only such defaults, so the type decides the value.
func defaultsOf(def any) *flatDefaults {
	t := reflect.TypeOf(def)
	if d, ok := defaultValues.Load(t); ok {
		return d.(*flatDefaults)
	}
	d := &flatDefaults{attrs: flatten(def, ""), values: map[string]string{}}
	for i, a := range d.attrs {
		d.values[a.Key] = a.Value
		d.attrs[i].Default = true
	}
	defaultValues.Store(t, d)
	return d
}

func nonDefault(attrs, defaults []Attr) []Attr {
	def := map[string]string{}
	for _, a := range defaults {
		def[a.Key] = a.Value
	}
	var out []Attr
	for _, a := range attrs {
		if d, ok := def[a.Key]; !ok || d != a.Value {
			out = append(out, a)
		}
	}
	return out
}

// flatten turns a value into sorted dotted-path attributes through its JSON
// form, so every claim field (including ones added to jwt/v2 later) shows
// up in plans without a line of code per field.
func flatten(v any, prefix string) []Attr {
	b, err := json.Marshal(v)
	if err != nil {
		return []Attr{{Key: prefix, Value: err.Error()}}
	}
	var tree any
	_ = json.Unmarshal(b, &tree)
	var out []Attr
	walk(tree, prefix, &out)
	sortAttrs(out)
	return out
}

// generic names the fields every claim carries (jwt.GenericFields) that the
// planner sets itself; they say nothing a reviewer decides.
var generic = map[string]bool{"type": true, "version": true}

func walk(v any, path string, out *[]Attr) {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		if path != "" && (ok || v != nil) {
			*out = append(*out, Attr{Key: path, Value: jsonValue(v)})
		}
		return
	}
	for k, child := range m {
		if path == "" && generic[k] {
			continue
		}
		p := k
		if path != "" {
			p = path + "." + k
		}
		walk(child, p, out)
	}
}

func sortAttrs(attrs []Attr) {
	sort.SliceStable(attrs, func(i, j int) bool { return attrs[i].Key < attrs[j].Key })
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// stampOrZero is stamp, except that 0 (unset) shows as 0.
func stampOrZero(unix int64) string {
	if unix == 0 {
		return "0"
	}
	return stamp(unix)
}

// stamp shows a unix time as a quoted UTC timestamp.
func stamp(unix int64) string {
	return quote(time.Unix(unix, 0).UTC().Format(time.RFC3339))
}

// displayKey shortens an address for use inside attribute values.
func displayKey(addr string) string {
	return strings.TrimPrefix(addr, "account.")
}
