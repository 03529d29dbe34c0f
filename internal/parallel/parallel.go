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
