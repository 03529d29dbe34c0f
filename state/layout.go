package state

import (
	"reflect"
	"strings"
)

// The hand-written encoder and decoder of the state file (encodejson.go,
// decodejson.go) know its fields one by one, for speed. If a field is
// added to State, Resource or Revocation and not to them, the encoder
// would drop it from the file: data lost. So they are used only while the
// types still have exactly the fields listed here; otherwise encoding/json
// does the work, slower and correct, and a test fails until the lists and
// the hand-written code are brought up to date.
var knownLayouts = map[reflect.Type]string{
	reflect.TypeFor[State]():      "version int; lineage string; serial uint64; natsplan_version string omitempty; resources map",
	reflect.TypeFor[Resource]():   "kind string; name string; claim_name string omitempty; public_key string; issuer string; iat int64; jwt string; digest string; export string omitempty; revocations slice omitempty; signing_keys map omitempty; prevent_destroy bool omitempty",
	reflect.TypeFor[Revocation](): "export string omitempty; public_key string; at int64; address string",
}

// handCoded reports whether the hand-written encoder and decoder match the
// types as they are compiled.
var handCoded = func() bool {
	for t, want := range knownLayouts {
		if layout(t) != want {
			return false
		}
	}
	return true
}()

// layout describes a struct's JSON fields: name, kind, omitempty.
// Unexported fields are not in the file (encoding/json skips them too).
func layout(t reflect.Type) string {
	var parts []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		part := name + " " + f.Type.Kind().String()
		if opts == "omitempty" {
			part += " omitempty"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}
