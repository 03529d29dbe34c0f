package live

import (
	"fmt"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/natstest"
)

// BenchmarkPush1000 pushes 1,000 accounts to a fresh full resolver, with
// lookups of every account afterwards and the check for removed accounts:
// the whole of `natsplan push`. The goal is under 5 s. For comparison it
// reports what pushing the same accounts one at a time with a fixed 1 s
// wait for answers (the naive way) would take: 1,000 s.
func BenchmarkPush1000(b *testing.B) {
	const n = 1000
	e := newEnv(b)
	for i := range n {
		e.newAccount(b, fmt.Sprintf("A%04d", i))
	}
	var total time.Duration
	for b.Loop() {
		// Every push goes to a fresh server, so every JWT is new to it.
		b.StopTimer()
		srv := natstest.Start(b, e.conf(b))
		s := e.dial(b, 5*time.Second, srv.ClientURL())
		b.StartTimer()
		start := time.Now()
		if r := e.push(b, s); !r.OK() {
			b.Fatalf("push failed")
		}
		total += time.Since(start)
	}
	per := total / time.Duration(b.N)
	b.ReportMetric(per.Seconds(), "s/push")
	b.ReportMetric(float64(n)*time.Second.Seconds(), "s/one-at-a-time-1s-wait")
	b.Logf("push of %d accounts: %v; one at a time with a 1 s wait: %v (goal: under 5 s)", n+1, per.Round(time.Millisecond), n*time.Second)
}
