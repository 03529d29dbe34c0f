package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// verifyAll decodes and verifies every JWT of the state once, on all
// cores: what a plan that trusted nothing it stored would do at least.
// The state is read first and not timed.
func verifyAll(path string) (time.Duration, error) {
	st, err := state.Read(path)
	if err != nil {
		return 0, err
	}
	tokens := make([]string, 0, len(st.Resources))
	for _, r := range st.Resources {
		tokens = append(tokens, r.JWT)
	}
	start := time.Now()
	workers := runtime.GOMAXPROCS(0)
	failed := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(tokens); i += workers {
				if _, err := jwt.Decode(tokens[i]); err != nil && failed[w] == nil {
					failed[w] = fmt.Errorf("JWT %d does not verify: %w", i, err)
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	for _, err := range failed {
		if err != nil {
			return 0, err
		}
	}
	return took, nil
}
