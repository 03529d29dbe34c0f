package adopt

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/nsctest"
	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
)

// BenchmarkAdoptFleet adopts a store of 1,000 accounts of 10 users each,
// written in nsc's layout: reading and verifying it, converting it with
// the self-check, copying its seeds and writing the state. (nsc needs
// minutes to build such a store.) Goal: under 2 s.
func BenchmarkAdoptFleet(b *testing.B) {
	s := nsctest.Fleet(b, b.TempDir(), 1000, 10)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		st, err := nscstore.Open(s.Root, "")
		if err != nil {
			b.Fatal(err)
		}
		res, err := Convert(st, time.Now())
		if err != nil || len(res.Findings) > 0 {
			b.Fatalf("%v %v", err, res.Findings)
		}
		keys, err := nscstore.OpenKeys(s.Keys)
		if err != nil {
			b.Fatal(err)
		}
		ks, err := state.OpenKeystore(filepath.Join(dir, "keys"))
		if err != nil {
			b.Fatal(err)
		}
		if _, missing, err := CopySeeds(keys, ks, res.Keys); err != nil || len(missing) > 0 {
			b.Fatalf("%v, %d missing", err, len(missing))
		}
		if err := state.Write(filepath.Join(dir, "state.json"), res.State); err != nil {
			b.Fatal(err)
		}
	}
}
