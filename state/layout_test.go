package state

import (
	"reflect"
	"testing"
)

// When a state type gains or changes a field, this fails until the lists
// in layout.go and the hand-written encoder and decoder know it. Until
// then encoding/json reads and writes state files (handCoded is false), so
// nothing is lost, only speed.
func TestHandCodedLayoutsAreCurrent(t *testing.T) {
	for typ, want := range knownLayouts {
		if got := layout(typ); got != want {
			t.Errorf("%s has fields\n  %s\nbut the hand-written encoder and decoder know\n  %s\nUpdate knownLayouts, encodejson.go and decodejson.go together.", typ, got, want)
		}
	}
	if !handCoded {
		t.Error("handCoded is false: state files are read and written by encoding/json")
	}
	if layout(reflect.TypeFor[struct {
		A string `json:"a,omitempty"`
	}]()) != "a string omitempty" {
		t.Fatal("layout misdescribes a field")
	}
}
