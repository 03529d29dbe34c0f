package natstest

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// A cluster StartJetStreamCluster returns places a bucket of as many
// replicas as it has servers at once: its meta leader has heard from
// every peer. (When it waited only for a leader, a loaded machine gave
// "no suitable peers for placement" about once in thirty starts, and
// TestNATSStateClusterLeaderChange failed its first apply.) The context
// is long because the test is about placement, which fails at once, not
// about how fast a loaded machine creates a stream.
func TestJetStreamClusterPlacesAnR3BucketAtOnce(t *testing.T) {
	servers := StartJetStreamCluster(t, 3)
	nc, err := nats.Connect(servers[0].ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: "b", Replicas: len(servers)}); err != nil {
		t.Fatalf("an R%d bucket: %v", len(servers), err)
	}
}
