package lang

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/natsplan/natsplan/internal/fleet"
)

// LoadFiles over a fleet of 2,000 accounts in two files, without keys:
// what a no-op plan spends in lang, for comparing changes to loading.
func BenchmarkLoadFleet(b *testing.B) {
	var buf bytes.Buffer
	if err := fleet.Standard(2 * fleet.AccountsPerFile).Write(&buf); err != nil {
		b.Fatal(err)
	}
	src := buf.Bytes()
	half := blockBoundary(src, len(src)/2)
	files := map[string][]byte{"a.hcl": src[:half], "b.hcl": src[half:]}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, diags := LoadFiles(files, LoadOptions{}); diags.HasErrors() {
			b.Fatal(fmt.Sprint(diags))
		}
	}
}
