package state

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// sameAsMarshalIndent fails unless the hand-written encoder writes s byte
// for byte as encoding/json does.
func sameAsMarshalIndent(t *testing.T, s *State) {
	t.Helper()
	want, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeJSON(s); !bytes.Equal(got, want) {
		t.Fatalf("encodeJSON differs from json.MarshalIndent:\n got %s\nwant %s", got, want)
	}
}

func TestEncodeJSONIsMarshalIndent(t *testing.T) {
	var full State
	fill(reflect.ValueOf(&full).Elem(), "state")
	sameAsMarshalIndent(t, &full)
	sameAsMarshalIndent(t, sampleState())
	sameAsMarshalIndent(t, &State{Version: 1})
	sameAsMarshalIndent(t, &State{Version: 1, Resources: map[string]*Resource{}})
	sameAsMarshalIndent(t, &State{Version: 1, Resources: map[string]*Resource{"a": nil}})
	odd := &Resource{Kind: "account", Name: "<b>&\"quoted\"\\ café \u2028 \x01 \x7f", Export: "x",
		Revocations: []Revocation{}, SigningKeys: map[string]string{}, IssuedAt: -5}
	sameAsMarshalIndent(t, &State{Version: 1, Lineage: "\xff", Resources: map[string]*Resource{"é<": odd, "b": {
		Revocations: []Revocation{{PublicKey: "U"}, {Export: "e", At: 1}},
		SigningKeys: map[string]string{"z": "1", "a": "2", "m": "<"}, PreventDestroy: true}}})
}

// Big enough to be split across workers, in order.
func TestEncodeJSONInParallelKeepsOrder(t *testing.T) {
	s := New()
	for i := range 5000 {
		s.Resources[string(rune('a'+i%26))+"."+string(rune('A'+i/26%26))+"."+string(rune('0'+i%10))+string(rune('a'+i/260))] =
			&Resource{Kind: KindUser, Name: "u", IssuedAt: int64(i)}
	}
	sameAsMarshalIndent(t, s)
}
