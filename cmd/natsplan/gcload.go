package main

import (
	"runtime"
	"runtime/metrics"
)

// collectAfterLoading runs the collector between loading and planning, on
// a heap large enough for it to matter. Loading leaves behind everything
// it built on its way to the configuration: syntax, decoded blocks,
// evaluation contexts. Collected now, the planner's heap grows from what
// lives on; otherwise the collector sizes it from the peak of loading, and
// a fleet's plan used half as much memory again. On a small heap the
// collection would only cost time.
func collectAfterLoading() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() < 64<<20 {
		return
	}
	runtime.GC()
}
