// Package parallel runs independent pieces of work on all cores. lang
// parses and decodes files with it, the planner digests and validates
// claims, and apply verifies JWTs: one helper, so every phase that says
// "on all cores" means the same thing.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls do(0) ... do(n-1) from up to GOMAXPROCS goroutines and returns
// once every call has. Workers take chunk consecutive indexes at a time
// (at least 1), so cheap calls do not pay for a shared counter each; with
// a single worker's worth of work the calls run in order on this
// goroutine. do must be safe to call concurrently for distinct indexes.
func For(n, chunk int, do func(i int)) {
	chunk = max(chunk, 1)
	workers := min((n+chunk-1)/chunk, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			do(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				start := int(next.Add(int64(chunk))) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					do(i)
				}
			}
		})
	}
	wg.Wait()
}

// Chunks cuts 0..n into ChunkCount(n, size) chunks of size (the last may
// be shorter) and calls do(c, lo, hi) for chunk c, holding indexes
// lo..hi-1, on all cores: for work that wants state of its own per chunk,
// with results kept per chunk and merged in order.
func Chunks(n, size int, do func(c, lo, hi int)) {
	size = max(size, 1)
	For(ChunkCount(n, size), 1, func(c int) { do(c, c*size, min((c+1)*size, n)) })
}

// ChunkCount is the number of chunks Chunks cuts n into.
func ChunkCount(n, size int) int {
	size = max(size, 1)
	return (n + size - 1) / size
}
