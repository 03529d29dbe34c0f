package state

import (
	"bytes"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the state decoder. It must not
// panic, must agree with encoding/json (sameAsStd), and what it accepts
// must come back unchanged through encode (which must write what
// encoding/json would) and decode. The seed corpus in
// testdata/fuzz/FuzzDecode holds real state files, damaged and whole.
// `make fuzz` runs it for a fixed time.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"version":1,"lineage":"L","serial":1,"resources":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsStd(t, data)
		s, err := decode(data)
		if err != nil {
			return
		}
		sameAsMarshalIndent(t, s)
		out, err := encode(s, s.Serial)
		if err != nil {
			t.Fatalf("encode of a decoded state: %v", err)
		}
		back, err := decode(out)
		if err != nil {
			t.Fatalf("decode of an encoded state: %v\n%s", err, out)
		}
		again, _ := encode(back, back.Serial)
		if !bytes.Equal(out, again) {
			t.Fatalf("encode/decode is not stable:\n%s\n%s", out, again)
		}
	})
}
