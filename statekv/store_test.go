package statekv

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/state"
)

func open(t *testing.T, url string, opt Options) *Store {
	t.Helper()
	st, err := Open(url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

func bucketURL(t *testing.T, extra string) string {
	s := natstest.StartJetStream(t, extra)
	return strings.Replace(s.ClientURL(), "nats://", "nats://", 1) + "/natsplan"
}

func sampleState(n int) *state.State {
	s := state.New()
	for i := range n {
		addr := "account.A" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		s.Resources[addr] = &state.Resource{Kind: state.KindAccount, Name: addr[8:], PublicKey: "ABC", JWT: "jwt-" + addr, Digest: "d"}
	}
	return s
}

func TestWriteThenReadGivesTheSameState(t *testing.T) {
	st := open(t, bucketURL(t, ""), Options{})
	empty, err := st.Read()
	if err != nil || empty.Serial != 0 || len(empty.Resources) != 0 {
		t.Fatalf("fresh bucket: %+v, %v", empty, err)
	}
	s := sampleState(300)
	if err := st.Write(s); err != nil {
		t.Fatal(err)
	}
	if s.Serial != 1 {
		t.Fatalf("serial after write = %d", s.Serial)
	}
	for _, lazy := range []bool{false, true} {
		got, err := st.read(lazy)
		if err != nil {
			t.Fatal(err)
		}
		if got.Serial != 1 || got.Lineage != s.Lineage || len(got.Resources) != 300 {
			t.Fatalf("read back serial %d lineage %s, %d resources", got.Serial, got.Lineage, len(got.Resources))
		}
		for addr, r := range s.Resources {
			jwt, err := got.Resources[addr].LoadJWT()
			if err != nil || jwt != r.JWT {
				t.Fatalf("%s: jwt %q, %v", addr, jwt, err)
			}
		}
	}
}

func TestWriteRefusesAnOlderSerialAndAnotherLineage(t *testing.T) {
	url := bucketURL(t, "")
	a, b := open(t, url, Options{}), open(t, url, Options{})
	s := sampleState(3)
	if err := a.Write(s); err != nil {
		t.Fatal(err)
	}
	old, _ := b.Read()
	if err := a.Write(s); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(old); err == nil || !strings.Contains(err.Error(), "another run changed it") {
		t.Fatalf("stale write: %v", err)
	}
	if err := b.Write(sampleState(3)); err == nil || !strings.Contains(err.Error(), "lineage") {
		t.Fatalf("other lineage: %v", err)
	}
	now, _ := b.Read()
	if now.Serial != 2 {
		t.Fatalf("serial after refusals = %d, want 2", now.Serial)
	}
}

func TestLockContentionNamesTheHolderAndExpiry(t *testing.T) {
	url := bucketURL(t, "")
	a := open(t, url, Options{LockTTL: time.Second})
	b := open(t, url, Options{LockTTL: time.Second})
	la, err := a.Lock(context.Background(), 0, "apply")
	if err != nil {
		t.Fatal(err)
	}
	// Renewals keep it held well past its TTL.
	time.Sleep(2500 * time.Millisecond)
	_, err = b.Lock(context.Background(), 0, "apply")
	var busy *state.LockedError
	if !errors.As(err, &busy) || busy.Holder == nil || busy.Holder.ID != la.Info.ID {
		t.Fatalf("second lock: %v", err)
	}
	// A holder that stops renewing (as if killed) loses the lock by itself.
	a.held.die()
	lb, err := b.Lock(context.Background(), 10*time.Second, "apply")
	if err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if lb.Stale == nil || lb.Stale.ID != la.Info.ID {
		t.Fatalf("stale holder = %v, want %s", lb.Stale, la.Info.ID)
	}
	if err := lb.Unlock(); err != nil {
		t.Fatal(err)
	}
	if info, err := b.Holder(); info != nil || err != nil {
		t.Fatalf("after unlock: %v %v", info, err)
	}
}

// die stops renewing the lock without releasing it, as a killed holder
// would.
func (h *heldLock) die() { h.once.Do(func() { close(h.stop); <-h.stopped }) }

// A write after the connection to the state servers closed (the server
// it was connected to went away) says so, rather than that the server
// is too old (a closed connection has no version).
func TestWriteAfterTheConnectionClosedSaysSo(t *testing.T) {
	srv := natstest.StartJetStream(t, "")
	st := open(t, srv.ClientURL()+"/natsplan", Options{})
	s := sampleState(3)
	if err := st.Write(s); err != nil {
		t.Fatal(err)
	}
	srv.Shutdown()
	for deadline := time.Now().Add(10 * time.Second); st.nc.IsConnected(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the connection stayed up after the server shut down")
		}
	}
	err := st.Write(s)
	if err == nil || !strings.Contains(err.Error(), "the connection to the state servers") || strings.Contains(err.Error(), "2.11") {
		t.Fatalf("write after the server went: %v", err)
	}
}
