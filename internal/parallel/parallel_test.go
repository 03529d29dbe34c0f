package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestForCallsEveryIndexOnce checks every index is visited exactly once,
// for sizes around the chunk boundaries and with one and several workers.
func TestForCallsEveryIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 7, 255, 256, 257, 1000} {
			for _, chunk := range []int{0, 1, 256} {
				seen := make([]atomic.Int32, n)
				For(n, chunk, func(i int) { seen[i].Add(1) })
				for i := range seen {
					if c := seen[i].Load(); c != 1 {
						t.Fatalf("procs %d n %d chunk %d: index %d called %d times", procs, n, chunk, i, c)
					}
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}
