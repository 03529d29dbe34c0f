package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// sameAsStd fails unless the lexer (decodeJSON) and encoding/json
// (decodeStd) agree on data: the same State, or both an error. The one
// allowed difference is the lexer refusing a repeated key, which
// encoding/json resolves by keeping the last. decode itself must agree.
func sameAsStd(t *testing.T, data []byte) {
	t.Helper()
	got, err := decodeJSON(data, nil)
	want, werr := decodeStd(data)
	full, ferr := decode(data)
	if werr == nil {
		werr = want.check()
	}
	if err == nil {
		err = got.check()
	}
	if (ferr == nil) != (err == nil) || ferr == nil && !reflect.DeepEqual(full, got) {
		t.Fatalf("decode(%q) = %v, %v; the lexer gave %v, %v", data, full, ferr, got, err)
	}
	sameWhenLazy(t, data, full, ferr)
	switch {
	case err == nil && werr == nil:
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decode(%q)\n got %#v\nwant %#v", data, got, want)
		}
	case err != nil && werr != nil, errors.Is(err, errDuplicate):
	default:
		t.Fatalf("decode(%q): error %v, encoding/json: error %v", data, err, werr)
	}
}

// fill sets every field of the struct v points to, recursively, to a
// value derived from its path, so that a field the decoder forgets shows.
func fill(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x-" + path)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(len(path)))
	case reflect.Uint64:
		v.SetUint(uint64(len(path)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), path)
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue // not in the file
			}
			fill(v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0), path+"[0]")
		fill(v.Index(1), path+"[1]")
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for _, k := range []string{"account.A", "grant.g"} {
			e := reflect.New(v.Type().Elem()).Elem()
			fill(e, path+"["+k+"]")
			v.SetMapIndex(reflect.ValueOf(k), e)
		}
	default:
		panic(fmt.Sprintf("fill: %s has kind %s; teach decodeJSON and this test about it", path, v.Kind()))
	}
}

// A field added to State, Resource or Revocation must be added to the
// hand-written decoder too; this fails until it is.
func TestDecodeJSONKnowsEveryField(t *testing.T) {
	var s State
	fill(reflect.ValueOf(&s).Elem(), "state")
	s.Version = FormatVersion
	data, err := json.MarshalIndent(&s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got, err := decode(data)
	if err != nil {
		t.Fatalf("decode of every field: %v", err)
	}
	if !reflect.DeepEqual(got, &s) {
		t.Fatalf("decodeJSON loses fields:\n got %#v\nwant %#v", got, &s)
	}
	sameAsStd(t, data)
}

// Inputs where encoding/json has particular habits: null, case folding,
// escapes, odd numbers, truncation.
func TestDecodeJSONAgreesWithEncodingJSON(t *testing.T) {
	head := `"version":1,"lineage":"L","serial":3`
	cases := []string{
		`{` + head + `,"resources":{}}`,
		`{` + head + `,"natsplan_version":"v0.9.0","resources":{}}`,
		`{` + head + `,"natsplan_version":null,"resources":{}}`,
		`{` + head + `,"natsplan_version":1,"resources":{}}`,
		`{` + head + `,"resources":null}`,
		`{` + head + `}`,
		`{` + head + `,"resources":{"account.A":null}}`,
		`{` + head + `,"resources":{"account.A":{"kind":null,"iat":null,"revocations":null}}}`,
		`{` + head + `,"resources":{"account.A":{"revocations":[]}}}`,
		`{` + head + `,"resources":{"account.A":{"signing_keys":{"a":"K","b":null},"prevent_destroy":true}}}`,
		`{` + head + `,"resources":{"account.A":{"signing_keys":null,"prevent_destroy":null}}}`,
		`{` + head + `,"resources":{"account.A":{"signing_keys":{},"prevent_destroy":false}}}`,
		`{` + head + `,"resources":{"account.A":{"prevent_destroy":tru}}}`, `{` + head + `,"resources":{"a":{"prevent_destroy":tr`,
		`{` + head + `,"resources":{"account.A":{"prevent_destroy":1}}}`, `{` + head + `,"resources":{"a":{"signing_keys":{"a":1}}}}`,
		`{` + head + `,"resources":{"account.A":{"revocations":[null,{"at":-0}]}}}`,
		`{"VERSION":1,"Lineage":"L","resources":{"a":{"PUBLIC_KEY":"k","ſerial":1}}}`,
		`{"version":1,"lineage":"L","resources":{"a":{"name":"caf\u00e9 \"x\" \\ \/","jwt":"é\ud83d\ude00"}}}`,
		"{\"version\":1,\"lineage\":\"bad \xff utf8\"}",
		"{\"version\":1,\"lineage\":\"tab\tinside\"}",
		`{"version":1.0,"lineage":"L"}`, `{"version":1e0,"lineage":"L"}`, `{"version":01,"lineage":"L"}`,
		`{"version":-1,"lineage":"L"}`, `{"version":1,"serial":-0,"lineage":"L"}`,
		`{"version":1,"serial":18446744073709551616,"lineage":"L"}`, `{"version":"1","lineage":"L"}`,
		`{"version":1,"lineage":"L",}`, `{"version":1 "lineage":"L"}`, `{"version":1,"lineage":"L"} x`,
		`{"version":1,"lineage":"L"}` + " \n\t\r", `null`, `[]`, ``, `  `, `{`, `{"version":1,"lin`,
		`{"version":1,"lineage":"L","resources":{"a":{"revocations":[{"bogus":1}]}}}`,
		`{"version":1,"lineage":"L","resources":{"a":{"revocations":[1]}}}`,
		`{"version":true,"lineage":"L"}`, `{"version":nul`, `{"version":nulx}`, `{"":1}`,
		`{"version":1,"lineage":"L","serial":3}{}`,
	}
	for _, c := range cases {
		sameAsStd(t, []byte(c))
	}
}

// Repeated keys are refused, where encoding/json would keep the last.
func TestDecodeJSONRefusesRepeatedKeys(t *testing.T) {
	for _, c := range []string{
		`{"version":1,"lineage":"L","lineage":"M"}`,
		`{"version":1,"lineage":"L","Lineage":"M"}`,
		`{"version":1,"lineage":"L","resources":{"a":{},"a":{}}}`,
		`{"version":1,"lineage":"L","resources":{"a":{"name":"x","name":"y"}}}`,
	} {
		_, err := decode([]byte(c))
		if !errors.Is(err, errDuplicate) || !strings.Contains(err.Error(), "line 1, column") {
			t.Errorf("decode(%s) = %v, want a duplicate key error with its place", c, err)
		}
	}
}

// What Write writes, Read reads back unchanged.
func TestDecodeJSONReadsWhatWriteWrites(t *testing.T) {
	s := sampleState()
	s.Resources["account.A"].Revocations = []Revocation{{Export: "srv", PublicKey: "K", At: 5, Address: "grant.g"}}
	data, err := encode(s, 4)
	if err != nil {
		t.Fatal(err)
	}
	sameAsStd(t, data)
	got, err := decode(data)
	if err != nil || got.Serial != 4 || !reflect.DeepEqual(got.Resources, s.Resources) {
		t.Fatalf("decode = %+v, %v", got, err)
	}
}
