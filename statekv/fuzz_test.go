package statekv

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzHead feeds the bucket's untrusted head and page records to their
// decoders: whoever can write the bucket writes them. Nothing may panic;
// a head that is accepted must have the shape its leaf bits promise, so
// that the reader asks for no record it cannot check, and a page that is
// accepted yields exactly its children, each a record key of the right
// kind. No error may carry the URL's password.
func FuzzHead(f *testing.F) {
	spec, err := Parse("nats://u:fuzzsecret@127.0.0.1:4222/natsplan")
	if err != nil {
		f.Fatal(err)
	}
	st := &Store{spec: spec, denied: context.Background()}
	page := make([]byte, pageSize)
	root := []string{}
	for range rootCount(7) {
		root = append(root, recordKey("p", page))
	}
	good, _ := json.Marshal(head{Format: headFormat, Version: 1, Lineage: "l", Serial: 3, LeafBits: 7, Root: root})
	f.Add(good, page, 1)
	f.Add([]byte(`{"format":1,"version":1,"lineage":"l","serial":1,"shards":["s.x"]}`), page[:10], 2)
	f.Add([]byte(`{"format":2,"version":1,"lineage":"l","leaf_bits":24,"root":[]}`), []byte{}, 0)
	f.Fuzz(func(t *testing.T, data, pageData []byte, level int) {
		if h, err := st.decodeHead(data); err == nil && h.Format == headFormat {
			if h.LeafBits < 0 || h.LeafBits > maxBits || len(h.Root) != rootCount(h.LeafBits) {
				t.Fatalf("accepted a head of %d leaf bits listing %d nodes", h.LeafBits, len(h.Root))
			}
			for _, k := range h.Root {
				if _, err := keySum(k); err != nil {
					t.Fatalf("accepted a head naming %q", k)
				}
			}
		} else if err != nil && strings.Contains(err.Error(), "fuzzsecret") {
			t.Fatalf("an error names a credential: %v", err)
		}
		children, err := pageChildren("p.x", pageData, level)
		if err != nil {
			return
		}
		if len(pageData) != pageSize || len(children) != pageSize/sha256.Size {
			t.Fatalf("a page of %d bytes gave %d children", len(pageData), len(children))
		}
		for _, k := range children {
			if _, err := keySum(k); err != nil || (level == 1) != strings.HasPrefix(k, "s.") {
				t.Fatalf("a page at level %d gave the child %q", level, k)
			}
		}
	})
}
