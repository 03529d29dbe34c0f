package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// fileFloor is the time to create one 58-byte file per entity in the
// keystore's layout (keys/<kind>/<2 chars>/<name>.nk), from a few
// goroutines per core: what storing one seed per entity costs on this
// file system, measured just before apply does it. On some file systems
// (ext4 without a journal, for one) creating files is far slower for a
// few minutes after many were deleted, which this column shows.
func fileFloor(dir string, n int) (time.Duration, error) {
	seed := make([]byte, 58)
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	work := make(chan int)
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				name := fmt.Sprintf("U%055d", i)
				sub := filepath.Join(dir, "keys", "U", fmt.Sprintf("%02d", i%1024))
				err := os.MkdirAll(sub, 0o700)
				if err == nil {
					err = os.WriteFile(filepath.Join(sub, name+".nk"), seed, 0o600)
				}
				if err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	return time.Since(start), first
}
