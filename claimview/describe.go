package claimview

import (
	"reflect"
	"sync"

	"github.com/nats-io/jwt/v2"
)

// Describe lists the claims of an entity as attributes in the order of
// its kind's table, every field of the claims included: defaults are
// marked (see NonDefault), not dropped, except zero values that are the
// default, which the JWT does not carry either.
func Describe(c jwt.Claims, name Namer) []Attr {
	t, variant := tableOf(c)
	if t == nil {
		return nil
	}
	w := &walker{t: t, name: name, defs: defaultsOf(t, variant)}
	root := &node{}
	w.walk(reflect.ValueOf(c), "", root)
	return root.attrs()
}

// tableOf returns the table of c's kind and the library defaults its
// values count as defaults against.
func tableOf(c jwt.Claims) (*Table, jwt.Claims) {
	switch c := c.(type) {
	case *jwt.OperatorClaims:
		return OperatorTable, jwt.NewOperatorClaims("O")
	case *jwt.AccountClaims:
		return AccountTable, jwt.NewAccountClaims("A")
	case *jwt.UserClaims:
		if c.HasEmptyPermissions() {
			// A user of a scoped signing key carries no settings of
			// its own (the scope's template applies): not even the
			// unlimited ones of a default user.
			u := jwt.NewUserClaims("U")
			u.SetScoped(true)
			return UserTable, u
		}
		return UserTable, jwt.NewUserClaims("U")
	case *jwt.ActivationClaims:
		return ActivationTable, jwt.NewActivationClaims("A")
	}
	return nil, nil
}

// elementDefaults are the defaults of entries whose zero value is not the
// library's default.
var elementDefaults = map[string]func() any{
	"nats.signing_keys.*": func() any { return jwt.NewUserScope() },
}

var defaultCache sync.Map // string (table and variant) -> map[string]string

// defaultsOf renders the library's default claims of a kind once, by
// path: a value that renders the same is a default.
func defaultsOf(t *Table, def jwt.Claims) map[string]string {
	key := reflect.TypeOf(def).String()
	if u, ok := def.(*jwt.UserClaims); ok && u.HasEmptyPermissions() {
		key += " scoped"
	}
	if d, ok := defaultCache.Load(key); ok {
		return d.(map[string]string)
	}
	w := &walker{t: t, name: func(k string) string { return k }, seen: map[string]string{}}
	w.walk(reflect.ValueOf(def), "", &node{})
	for path, mk := range elementDefaults {
		if _, ok := t.fields[path]; ok {
			w.walk(reflect.ValueOf(mk()), path, &node{})
		}
	}
	defaultCache.Store(key, w.seen)
	return w.seen
}
