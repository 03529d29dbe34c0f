package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/live"
)

// TestProgressPrinter checks that a short push prints no progress and a
// long one prints at most a line a second, plus the last.
func TestProgressPrinter(t *testing.T) {
	var out bytes.Buffer
	clock := time.Unix(1000, 0)
	p := progressPrinter(&out, func() time.Time { return clock })
	step := func(d time.Duration, done int) {
		clock = clock.Add(d)
		p(done, 100)
	}
	step(500*time.Millisecond, 10) // quiet: under a second so far
	step(600*time.Millisecond, 20) // 1.1 s: first line
	step(200*time.Millisecond, 30) // under a second since the last line
	step(time.Second, 60)          // a line
	step(100*time.Millisecond, 100)
	got := out.String()
	want := []string{"20 of 100 accounts", "60 of 100 accounts", "100 of 100 accounts"}
	if n := strings.Count(got, "\n"); n != len(want) {
		t.Fatalf("printed %d lines, want %d:\n%s", n, len(want), got)
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("progress lacks %q:\n%s", w, got)
		}
	}
}

// TestPrintPushUnchecked: a server that did not say which operator JWT
// it runs is named in the report, which says its issuers were not
// checked.
func TestPrintPushUnchecked(t *testing.T) {
	var out bytes.Buffer
	printPush(&out, &live.PushReport{Servers: []string{"n1", "n2"}, Expected: 2, Prune: &live.PruneReport{},
		Unchecked: []live.ServerOperator{{Server: "n2", Silent: "did not say which operator JWT it runs (trusted_operators_jwt)"}}})
	want := "  ! n2 did not say which operator JWT it runs (trusted_operators_jwt): its issuers were not checked before the push"
	if !strings.Contains(out.String(), want) || strings.Contains(out.String(), "n1 did not") {
		t.Fatalf("push report does not say %q for n2 alone:\n%s", want, out.String())
	}
}
