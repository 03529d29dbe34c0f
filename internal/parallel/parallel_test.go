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

// Chunks covers 0..n exactly once, in ChunkCount(n, size) contiguous
// chunks numbered in order, each at most size long.
func TestChunksCoverEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 249, 250, 251, 1000} {
		for _, size := range []int{0, 1, 250} {
			seen := make([]atomic.Int32, n)
			count := ChunkCount(n, size)
			bounds := make([][2]int, count)
			Chunks(n, size, func(c, lo, hi int) {
				bounds[c] = [2]int{lo, hi}
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
			})
			for i := range seen {
				if got := seen[i].Load(); got != 1 {
					t.Fatalf("n %d size %d: index %d covered %d times", n, size, i, got)
				}
			}
			for c := 1; c < count; c++ {
				if bounds[c][0] != bounds[c-1][1] || bounds[c-1][1]-bounds[c-1][0] > max(size, 1) {
					t.Fatalf("n %d size %d: chunks %v are not contiguous chunks of at most %d", n, size, bounds, size)
				}
			}
		}
	}
}
