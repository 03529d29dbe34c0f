package main

import (
	"context"
	"strings"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/internal/fleet"
)

// On a server whose max_payload is 64 KiB, a state of 2,000 accounts is
// stored in records that each fit one message, and a one-line change
// writes a few records, not the state again.
func TestNATSStateSmallMaxPayload(t *testing.T) {
	const maxPayload = 64 << 10
	url := jetStreamURL(t, "max_payload: 65536")
	stateURL := "-state=" + url + "/natsplan"
	dir := t.TempDir()
	spec := fleet.Spec{Accounts: 2000, Users: 2, Imports: 5}
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve", stateURL)
	kv := kvOf(t, url, "natsplan")
	total, largest := bucketBytes(t, kv)
	if total < 20*maxPayload {
		t.Fatalf("the state is %d bytes: too small to prove anything", total)
	}
	if largest > maxPayload {
		t.Fatalf("a record of %d bytes", largest)
	}
	if out := mustRun(t, exitOK, dir, "plan", stateURL); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply:\n%s", out)
	}

	before := streamBytes(t, kv)
	spec.Version = 1 // account 0's service subject: it and its importers are re-signed
	if err := spec.WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, exitOK, dir, "apply", "-auto-approve", stateURL)
	if !strings.Contains(out, "Apply complete") {
		t.Fatalf("one-line change:\n%s", out)
	}
	written := streamBytes(t, kv) - before
	t.Logf("state %d bytes in records of at most %d; the one-line change wrote %d bytes", total, largest, written)
	if written <= 0 || written > 128<<10 || written > total/20 {
		t.Fatalf("the one-line change wrote %d bytes of a %d-byte state", written, total)
	}
	if out := mustRun(t, exitOK, dir, "plan", stateURL); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the change:\n%s", out)
	}
}

// bucketBytes sums and maxes the sizes of the latest value of every key.
func bucketBytes(t *testing.T, kv jetstream.KeyValue) (total, largest int) {
	t.Helper()
	ctx := context.Background()
	keys, err := kv.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		e, err := kv.Get(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		total += len(e.Value())
		largest = max(largest, len(e.Value()))
	}
	return total, largest
}

// streamBytes is how many bytes the bucket's stream holds.
func streamBytes(t *testing.T, kv jetstream.KeyValue) int {
	t.Helper()
	st, err := kv.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(st.Bytes())
}
