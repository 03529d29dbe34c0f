package statekv

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/state"
)

// writeLegacy stores s as serial 1 in format 1, the layout natsplan
// wrote before format 2, into a new bucket keeping history serials: one
// head listing every shard, shards of {"resources": ...} with a
// jwt_record each (the code that wrote it, kept here to make such
// buckets).
func writeLegacy(t *testing.T, url string, s *state.State, history int) {
	t.Helper()
	nc, err := nats.Connect(strings.TrimSuffix(url, "/natsplan"))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	kv, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: "natsplan", History: uint8(history), LimitMarkerTTL: markerTTL})
	if err != nil {
		t.Fatal(err)
	}
	k := 1
	for k*k < 8*len(s.Resources) {
		k *= 2
	}
	parts := make([]shard, k)
	for i := range parts {
		parts[i].Resources = map[string]*entry{}
	}
	for addr, r := range s.Resources {
		jwtKey := recordKey("j", []byte(r.JWT))
		if _, err := kv.Put(ctx, jwtKey, []byte(r.JWT)); err != nil {
			t.Fatal(err)
		}
		bare := *r
		bare.JWT = ""
		parts[legacyShardOf(addr, k)].Resources[addr] = &entry{Resource: &bare, JWTRecord: jwtKey}
	}
	h := head{Format: legacyFormat, Version: state.FormatVersion, Lineage: state.Written(s, false), Serial: 1,
		Written: time.Now().UTC().Truncate(time.Second)}
	for i := range parts {
		data, _ := json.Marshal(&parts[i])
		h.Shards = append(h.Shards, recordKey("s", data))
		if _, err := kv.Put(ctx, h.Shards[i], data); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := json.Marshal(&h)
	if _, err := kv.Create(ctx, headKey, data); err != nil {
		t.Fatal(err)
	}
	s.Lineage, s.Serial = h.Lineage, 1
}

// bucketKeys lists the bucket's records with the given prefix.
func bucketKeys(t *testing.T, url, prefix string) map[string]bool {
	t.Helper()
	keys, err := rawKV(t, url).ListKeysFiltered(context.Background(), prefix+">")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for k := range keys.Keys() {
		out[k] = true
	}
	return out
}

// A bucket in format 1 reads as it did. The next write stores format 2
// beside it: the format-1 serial stays readable while the bucket keeps
// it, and once the history no longer does, the collection after a
// commit removes its shards.
func TestLegacyBucketIsReadThenRewritten(t *testing.T) {
	for _, history := range []int{2, 1} {
		url := bucketURL(t, "")
		s := fleetState(500, 40)
		writeLegacy(t, url, s, history)
		legacyShards := bucketKeys(t, url, "s.")
		if len(legacyShards) < 32 {
			t.Fatalf("the format-1 bucket has %d shards", len(legacyShards))
		}
		for _, lazy := range []bool{false, true} {
			got, err := open(t, url, Options{}).read(lazy)
			if err != nil {
				t.Fatalf("format 1, lazy %v: %v", lazy, err)
			}
			sameState(t, got, s)
		}

		st := open(t, url, Options{})
		cur, err := st.Read()
		if err != nil {
			t.Fatal(err)
		}
		resign(cur, 3)
		lock, err := st.Lock(context.Background(), time.Second, "apply")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Write(cur); err != nil {
			t.Fatal(err)
		}
		lock.Unlock()
		if h := currentHead(t, rawKV(t, url)); h.Format != headFormat || h.Serial != 2 {
			t.Fatalf("after a write: format %d serial %d", h.Format, h.Serial)
		}
		got, err := open(t, url, Options{}).Read()
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, got, cur)

		left := 0
		for k := range bucketKeys(t, url, "s.") {
			if legacyShards[k] {
				left++
			}
		}
		old, err := open(t, url, Options{}).ReadSerial(1)
		switch {
		case history == 2 && (err != nil || left != len(legacyShards)):
			t.Fatalf("history 2: serial 1 reads %v; %d of %d format-1 shards left", err, left, len(legacyShards))
		case history == 2:
			sameState(t, old, s)
		case err == nil || left != 0:
			t.Fatalf("history 1: serial 1 reads (%v); %d of %d format-1 shards left", err, left, len(legacyShards))
		}
	}
}
