package claimview

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
)

// implementations are the concrete types behind the interfaces the claims
// hold; a new interface, or a new implementation, must be added here.
var implementations = map[reflect.Type][]reflect.Type{
	reflect.TypeFor[jwt.Scope](): {reflect.TypeFor[jwt.UserScope]()},
}

// jwtPaths lists, by reflection over jwt/v2's types and independently of
// the describer's walk, every path of a claim type the table must know:
// each leaf field (recursively through structs, maps and slices) and each
// list or map whose entries are blocks.
func jwtPaths(t *testing.T, typ reflect.Type, path string, out map[string]bool) {
	switch typ.Kind() {
	case reflect.Pointer:
		jwtPaths(t, typ.Elem(), path, out)
	case reflect.Interface:
		impls, ok := implementations[typ]
		if !ok {
			t.Fatalf("%s holds the interface %s: list its implementations in this test", path, typ)
		}
		for _, impl := range impls {
			jwtPaths(t, impl, path, out)
		}
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "-":
				continue
			case name == "" && f.Anonymous:
				jwtPaths(t, f.Type, path, out)
				continue
			case name == "":
				name = f.Name
			}
			if path != "" {
				name = path + "." + name
			}
			jwtPaths(t, f.Type, name, out)
		}
	case reflect.Map:
		out[path+".*"] = true
		if composite(typ.Elem()) {
			jwtPaths(t, typ.Elem(), path+".*", out)
		}
	case reflect.Slice, reflect.Array:
		if !composite(typ.Elem()) {
			out[path] = true
			return
		}
		out[path+"[]"] = true
		jwtPaths(t, typ.Elem(), path+"[]", out)
	default:
		out[path] = true
	}
}

// composite reports whether values of typ hold fields of their own.
func composite(typ reflect.Type) bool {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct, reflect.Interface, reflect.Map, reflect.Slice:
		return true
	}
	return false
}

var kinds = []struct {
	name  string
	typ   reflect.Type
	table *Table
}{
	{"operator", reflect.TypeFor[jwt.OperatorClaims](), OperatorTable},
	{"account", reflect.TypeFor[jwt.AccountClaims](), AccountTable},
	{"user", reflect.TypeFor[jwt.UserClaims](), UserTable},
	{"activation", reflect.TypeFor[jwt.ActivationClaims](), ActivationTable},
}

// Every field of jwt/v2's Operator, Account, User and Activation claims is
// in the table: named as the language names it, or hidden with a reason.
// A field jwt/v2 adds fails here until it is described; an entry for a
// field the library no longer has fails too.
func TestEveryClaimFieldIsNamed(t *testing.T) {
	for _, k := range kinds {
		paths := map[string]bool{}
		jwtPaths(t, k.typ, "", paths)
		var missing, stale []string
		for p := range paths {
			if _, ok := k.table.Lookup(p); !ok {
				missing = append(missing, p)
			}
		}
		for _, p := range k.table.Paths() {
			if !paths[p] {
				stale = append(stale, p)
			}
		}
		sort.Strings(missing)
		sort.Strings(stale)
		if len(missing) > 0 {
			t.Errorf("%s claims: fields not in claimview's table (fields.go): %s", k.name, strings.Join(missing, ", "))
		}
		if len(stale) > 0 {
			t.Errorf("%s claims: table entries for fields jwt/v2 does not have: %s", k.name, strings.Join(stale, ", "))
		}
		for _, p := range k.table.Paths() {
			f, _ := k.table.Lookup(p)
			if (f.Unit == Hidden || f.Quiet) && f.Source == "" {
				t.Errorf("%s %s is not shown in full but its entry does not say why (Source)", k.name, p)
			}
			if f.Unit != Hidden && f.Attr == "" {
				t.Errorf("%s %s has no attribute name", k.name, p)
			}
		}
	}
}

// A field the table does not know still shows, under its JWT path: the
// walk never drops what it cannot name.
func TestUnknownFieldsShowUnderTheirPath(t *testing.T) {
	table := &Table{fields: map[string]Field{}, rank: map[string]int{}}
	uc := jwt.NewUserClaims("UABC")
	uc.Tags = jwt.TagList{"x"}
	uc.Pub.Allow.Add("a.>")
	w := &walker{t: table, name: func(k string) string { return k }, defs: map[string]string{}}
	root := &node{}
	w.walk(reflect.ValueOf(uc), "", root)
	got := map[string]string{}
	for _, kv := range Flatten(root.attrs()) {
		got[kv[0]] = kv[1]
	}
	for path, want := range map[string]string{"sub": `"UABC"`, "nats.tags": `["x"]`, "nats.pub.allow": `["a.>"]`, "nats.subs": "-1"} {
		if got[path] != want {
			t.Errorf("unknown field %s shows as %q, want %q (all: %v)", path, got[path], want, got)
		}
	}
}

func TestBytesUseTheLargestExactUnit(t *testing.T) {
	for n, want := range map[int64]string{-1: "-1", 0: "0", 512: "512", 1000: "1K", 1024: "1KiB", 1 << 20: "1MiB",
		1e9: "1G", 10e9: "10G", 1e12: "1T", 1536: "1536", 3 << 30: "3GiB", 2500: "2500"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
