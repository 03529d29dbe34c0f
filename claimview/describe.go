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
	t, defs := tableOf(c)
	if t == nil {
		return nil
	}
	w := &walker{t: t, name: name, defs: defs()}
	root := &node{}
	w.walk(reflect.ValueOf(c), "", root)
	return root.attrs()
}

// tableOf returns the table of c's kind and the library defaults its
// values count as defaults against.
func tableOf(c jwt.Claims) (*Table, func() map[string]string) {
	switch c := c.(type) {
	case *jwt.OperatorClaims:
		return OperatorTable, operatorDefaults
	case *jwt.AccountClaims:
		return AccountTable, accountDefaults
	case *jwt.UserClaims:
		if c.HasEmptyPermissions() {
			return UserTable, scopedUserDefaults
		}
		return UserTable, userDefaults
	case *jwt.ActivationClaims:
		return ActivationTable, activationDefaults
	}
	return nil, nil
}

var (
	operatorDefaults = defaultsOf(OperatorTable, func() jwt.Claims { return jwt.NewOperatorClaims("O") })
	accountDefaults  = defaultsOf(AccountTable, func() jwt.Claims { return jwt.NewAccountClaims("A") })
	userDefaults     = defaultsOf(UserTable, func() jwt.Claims { return jwt.NewUserClaims("U") })
	// A user of a scoped signing key carries no settings of its own (the
	// scope's template applies): not even the unlimited ones of a
	// default user.
	scopedUserDefaults = defaultsOf(UserTable, func() jwt.Claims {
		u := jwt.NewUserClaims("U")
		u.SetScoped(true)
		return u
	})
	activationDefaults = defaultsOf(ActivationTable, func() jwt.Claims { return jwt.NewActivationClaims("A") })
)

// elementDefaults are the defaults of entries whose zero value is not the
// library's default.
var elementDefaults = map[string]func() any{
	"nats.signing_keys.*": func() any { return jwt.NewUserScope() },
}

// defaultsOf renders the library's default claims of a kind, once, by
// path: a value that renders the same is a default.
func defaultsOf(t *Table, def func() jwt.Claims) func() map[string]string {
	return sync.OnceValue(func() map[string]string {
		w := &walker{t: t, name: func(k string) string { return k }, seen: map[string]string{}}
		w.walk(reflect.ValueOf(def()), "", &node{})
		for path, mk := range elementDefaults {
			if _, ok := t.fields[path]; ok {
				w.walk(reflect.ValueOf(mk()), path, &node{})
			}
		}
		return w.seen
	})
}
