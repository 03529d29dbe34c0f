package claimview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"
)

// walker turns one claim into attributes, field by field, as its table
// says. Fields the table does not know show under their JWT path: a
// field jwt/v2 adds shows before anyone describes it.
type walker struct {
	t    *Table
	name Namer
	defs map[string]string // default rendering by path; nil while finding them
	seen map[string]string // when set, every leaf rendered, by path
	kind string            // the type of the export or import being walked
}

// walk describes the value v found at path into the block b.
func (w *walker) walk(v reflect.Value, path string, b *node) {
	if f, ok := w.t.fields[path]; ok && isLeafUnit(f.Unit) {
		w.leaf(v, path, f, b)
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem(), path, b)
		}
	case reflect.Struct:
		for _, f := range w.t.fieldsAt(v.Type(), path) {
			if f.leaf {
				w.leaf(v.Field(f.index), f.path, f.Field, b)
				continue
			}
			w.walk(v.Field(f.index), f.path, b)
		}
	case reflect.Map:
		w.entries(v, path+".*", b)
	case reflect.Slice:
		if _, ok := w.t.fields[path+"[]"]; ok {
			w.entries(v, path+"[]", b)
			return
		}
		w.unknown(v, path, b)
	default:
		w.unknown(v, path, b)
	}
}

func isLeafUnit(u Unit) bool { return u < Labelled || u == KeyBlocks }

// entries describes the entries of a list or map, each a block of its
// own, found at path (ending in [] or .*).
func (w *walker) entries(v reflect.Value, path string, b *node) {
	f, ok := w.t.fields[path]
	if !ok {
		w.unknown(v, strings.TrimSuffix(strings.TrimSuffix(path, "[]"), ".*"), b)
		return
	}
	rank := w.t.rank[path]
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			w.entry(v.Index(i), "", path, f, rank, b)
		}
		return
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		w.entry(v.MapIndex(k), k.String(), path, f, rank, b)
	}
}

func (w *walker) entry(v reflect.Value, key, path string, f Field, rank int, b *node) {
	if f.Unit == Hidden {
		return
	}
	parent, last := w.place(f.Attr, rank, b)
	switch f.Unit {
	case Revocation:
		w.revocation(parent.element(fmt.Sprintf(last, w.name(key)), rank), key, v.Int())
	case Repeated:
		w.walk(v, path, parent.element(last, rank))
	default:
		e := parent.element(fmt.Sprintf(last, w.label(f.Label, v, key)), rank)
		if f.Label == LabelSigningKey {
			e.leaf("public_key", quote(key), false, -1)
		}
		outer := w.kind
		w.kind = elementKind(v)
		w.walk(v, path, e)
		w.kind = outer
	}
}

func (w *walker) label(kind int, v reflect.Value, key string) string {
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	switch kind {
	case LabelName:
		return quote(v.FieldByName("Name").String())
	case LabelExport:
		return plain(v.FieldByName("Type")) + " " + quote(v.FieldByName("Name").String())
	case LabelSigningKey:
		return signingKeyLabel(w.name(key))
	}
	return quote(key)
}

// signingKeyLabel turns the name of a signing key (A.signing_key.dev)
// into the block label a reader wrote ("dev"); an unknown key stays a key.
func signingKeyLabel(display string) string {
	if _, label, ok := strings.Cut(display, ".signing_key."); ok {
		return quote(label)
	}
	return display
}

// revocation is one revoked key, in the one format of every revocation.
func (w *walker) revocation(b *node, key string, at int64) {
	b.leaf("public_key", quote(key), false, 0)
	b.leaf("issued_before", Stamp(at), false, 1)
}

// leaf describes one value. A zero value that is also the default is
// left out, as the JWT leaves it out; any other shows, marked default
// when it is one, so that a change to or from a default still shows.
func (w *walker) leaf(v reflect.Value, path string, f Field, b *node) {
	if f.Unit == Hidden {
		return
	}
	rank := w.t.rank[path]
	if f.Unit == KeyBlocks {
		parent, last := w.place(f.Attr, rank, b)
		for _, k := range strings_(v) {
			parent.element(fmt.Sprintf(last, signingKeyLabel(w.name(k))), rank).leaf("public_key", quote(k), false, 0)
		}
		return
	}
	def, hasDef := w.defs[path]
	zero := isZero(v)
	if zero && !hasDef {
		return
	}
	value, isDefault := render(v, f.Unit, w.name)
	if zero && def == value {
		return
	}
	if w.seen != nil {
		w.seen[path] = value
	}
	isDefault = isDefault || f.Quiet || (hasDef && def == value)
	parent, last := w.place(f.Attr, rank, b)
	if strings.Contains(last, "%s") {
		last = fmt.Sprintf(last, w.kind)
	}
	parent.leaf(last, value, isDefault, rank)
}

// elementKind is the type of an export or import, "" for other entries.
func elementKind(v reflect.Value) string {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	if t := v.FieldByName("Type"); t.IsValid() && t.Type() == reflect.TypeFor[jwt.ExportType]() {
		return plain(t)
	}
	return ""
}

// unknown shows a field the table does not describe, under its path.
func (w *walker) unknown(v reflect.Value, path string, b *node) {
	if isZero(v) {
		return
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // subjects keep their > and &
	value := fmt.Sprint(v.Interface())
	if enc.Encode(v.Interface()) == nil {
		value = strings.TrimSuffix(out.String(), "\n")
	}
	if w.seen != nil {
		w.seen[path] = value
	}
	b.leaf(path, value, false, math.MaxInt32)
}

// place finds the block an attribute goes in, making the structural
// blocks on the way, and returns it with the attribute's own key.
func (w *walker) place(attr string, rank int, b *node) (*node, string) {
	parts := strings.Split(attr, ".")
	for _, p := range parts[:len(parts)-1] {
		b = b.structural(p, rank)
	}
	return b, parts[len(parts)-1]
}

func isZero(v reflect.Value) bool {
	if k := v.Kind(); k == reflect.Slice || k == reflect.Map {
		return v.Len() == 0
	}
	return v.IsZero()
}

func join(path, name string) string {
	if name == "" {
		return path
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// field is one struct field as JSON names it, at one path, with what
// the table says of it; an embedded struct without a name has its fields
// listed in its place, as encoding/json does.
type field struct {
	index int
	path  string
	leaf  bool // the table describes it as a leaf
	Field
}

type fieldsKey struct {
	typ  reflect.Type
	path string
}

// fieldsAt lists the fields of a struct type found at path, worked out
// once per table: a first apply describes every entity of a fleet, and
// joining paths and looking them up again for each was most of it.
func (t *Table) fieldsAt(typ reflect.Type, path string) []field {
	key := fieldsKey{typ, path}
	if fs, ok := t.cache.Load(key); ok {
		return fs.([]field)
	}
	var out []field
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" && !sf.Anonymous {
			name = sf.Name
		}
		f := field{index: i, path: join(path, name)}
		f.Field, f.leaf = t.fields[f.path]
		f.leaf = f.leaf && isLeafUnit(f.Unit)
		out = append(out, f)
	}
	t.cache.Store(key, out)
	return out
}
