package statekv

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/internal/natstest"
)

// On a three-server cluster with an R3 bucket, the stream's leader steps
// down in the middle of a large write: the records the old leader
// dropped are published again to the new one, and the write commits.
func TestWriteSurvivesALeaderStepDown(t *testing.T) {
	servers := natstest.StartJetStreamCluster(t, 3)
	url := natstest.ClusterURL(servers) + "/natsplan"
	st := open(t, url, Options{Replicas: 3, Timeout: 5 * time.Second})
	if err := st.Write(fleetState(10, 40)); err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(servers[0].ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	s := fleetState(20000, 600)
	cur, err := st.Read()
	if err != nil {
		t.Fatal(err)
	}
	s.Lineage, s.Serial = cur.Lineage, cur.Serial
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Once a few thousand of the write's records are stored.
		js, _ := jetstream.New(nc)
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if info, err := js.Stream(context.Background(), "KV_natsplan"); err == nil && info.CachedInfo().State.Msgs > 3000 {
				break
			}
		}
		if _, err := nc.Request("$JS.API.STREAM.LEADER.STEPDOWN.KV_natsplan", nil, 5*time.Second); err != nil {
			t.Errorf("step down: %v", err)
		}
	}()
	err = st.Write(s)
	<-done
	if err != nil {
		t.Fatalf("write across a step-down: %v", err)
	}
	got, err := open(t, url, Options{}).Read()
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, got, s)
}
