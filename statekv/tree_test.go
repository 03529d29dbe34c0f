package statekv

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/state"
)

// fleetState is a state of n resources whose fields are as long as real
// ones: 56-character keys, a 64-digit digest, a JWT of jwtSize bytes.
func fleetState(n, jwtSize int) *state.State {
	s := state.New()
	for i := range n {
		addr := fmt.Sprintf("account.A%06d.user.u%02d", i/10, i%10)
		s.Resources[addr] = &state.Resource{Kind: state.KindUser, Name: fmt.Sprintf("u%02d", i%10),
			PublicKey: key56('U', addr), Issuer: key56('A', addr), IssuedAt: 1796124436,
			JWT: jwtOf(addr, 0, jwtSize), Digest: hexSum(addr)}
	}
	return s
}

func key56(prefix byte, seed string) string {
	sum := sha256.Sum256([]byte(seed + string(prefix)))
	return string(prefix) + strings.ToUpper(hex.EncodeToString(sum[:]))[:55]
}

func hexSum(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// jwtOf is a stand-in JWT of size bytes, different for each version.
func jwtOf(addr string, version, size int) string {
	head := fmt.Sprintf("eyJ.%s.v%d.", addr, version)
	return head + strings.Repeat("x", max(0, size-len(head)))
}

// resign changes the JWT, iat and digest of every n-th resource, up to
// count of them, as re-signing them would; it returns the JWT bytes.
func resign(s *state.State, count int) int {
	bytes := 0
	for i := range count {
		addr := fmt.Sprintf("account.A%06d.user.u%02d", i*997%(len(s.Resources)/10), 3)
		r := s.Resources[addr]
		r.JWT = jwtOf(addr, 1, len(r.JWT))
		r.IssuedAt++
		r.Digest = hexSum(addr + "v1")
		bytes += len(r.JWT)
	}
	return bytes
}

// streamBytes is how many bytes the bucket's stream holds.
func streamBytes(t *testing.T, url string) int {
	t.Helper()
	status, err := rawKV(t, url).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(status.Bytes())
}

// rawKV is the bucket as a client of the test's own sees it.
func rawKV(t *testing.T, url string) jetstream.KeyValue {
	t.Helper()
	nc, err := nats.Connect(strings.TrimSuffix(url, "/natsplan"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	kv, err := js.KeyValue(context.Background(), "natsplan")
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

// A change of a few resources writes their JWTs, their shards, the pages
// above them and head: bytes that grow with the change, not with the
// state. (Format 1 wrote 16 KB shards and a 24 KB head at this size,
// some 120 KB beside the JWTs.) A write that changes nothing writes head
// alone.
func TestChangeWritesItsPathNotTheState(t *testing.T) {
	url := bucketURL(t, "")
	s := fleetState(20000, 600)
	if err := open(t, url, Options{}).Write(s); err != nil {
		t.Fatal(err)
	}

	st := open(t, url, Options{})
	again, err := st.Read()
	if err != nil {
		t.Fatal(err)
	}
	before := streamBytes(t, url)
	if err := st.Write(again); err != nil {
		t.Fatal(err)
	}
	if grew := streamBytes(t, url) - before; grew > 2<<10 {
		t.Fatalf("a write that changed nothing wrote %d bytes", grew)
	}

	st = open(t, url, Options{})
	changed, err := st.Read()
	if err != nil {
		t.Fatal(err)
	}
	jwtBytes := resign(changed, 6)
	before = streamBytes(t, url)
	if err := st.Write(changed); err != nil {
		t.Fatal(err)
	}
	grew := streamBytes(t, url) - before
	t.Logf("6 resources re-signed (%d bytes of JWTs): the bucket grew by %d bytes", jwtBytes, grew)
	if grew < jwtBytes || grew-jwtBytes > 32<<10 {
		t.Fatalf("6 resources re-signed: %d bytes written beside %d of JWTs; want at most 32 KB", grew-jwtBytes, jwtBytes)
	}
	got, err := open(t, url, Options{}).Read()
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, got, changed)
}

// sameState fails unless got holds want's resources, JWTs included.
func sameState(t *testing.T, got, want *state.State) {
	t.Helper()
	if got.Lineage != want.Lineage || len(got.Resources) != len(want.Resources) {
		t.Fatalf("read back lineage %s with %d resources, want %s with %d", got.Lineage, len(got.Resources), want.Lineage, len(want.Resources))
	}
	for addr, w := range want.Resources {
		g := got.Resources[addr]
		if g == nil {
			t.Fatalf("%s is missing", addr)
		}
		jwt, err := g.LoadJWT()
		if err != nil || jwt != w.JWT || g.Digest != w.Digest || g.IssuedAt != w.IssuedAt || g.PublicKey != w.PublicKey {
			t.Fatalf("%s read back as %+v (%v), want %+v", addr, g, err, w)
		}
	}
}

// Every size of state reads back whole, eagerly and lazily, from trees
// of no pages, one and two levels of them; shrinking keeps the shape, so
// that removing a few resources does not move the others.
func TestTreeReadsBackAtEverySize(t *testing.T) {
	url := bucketURL(t, "")
	st := open(t, url, Options{})
	s := fleetState(3000, 40)
	for _, tc := range []struct{ n, bits, levels int }{
		{0, 0, 0}, {3, 0, 0}, {90, 4, 0}, {3000, 9, 1}, {40, 9, 1}, {20000, 12, 2},
	} {
		want := fleetState(tc.n, 40)
		want.Lineage, want.Serial = s.Lineage, s.Serial
		if err := st.Write(want); err != nil {
			t.Fatalf("%d resources: %v", tc.n, err)
		}
		s = want
		h, _, err := st.getHead(st.kv)
		if err != nil {
			t.Fatal(err)
		}
		if h.Format != headFormat || h.LeafBits != tc.bits || pageLevels(h.LeafBits) != tc.levels {
			t.Fatalf("%d resources: format %d, %d leaf bits, %d page levels; want %d, %d", tc.n, h.Format, h.LeafBits, pageLevels(h.LeafBits), tc.bits, tc.levels)
		}
		for _, lazy := range []bool{false, true} {
			got, err := open(t, url, Options{}).read(lazy)
			if err != nil {
				t.Fatalf("%d resources, lazy %v: %v", tc.n, lazy, err)
			}
			sameState(t, got, want)
		}
	}
}

// commitHead replaces head with h, as anyone who may write the bucket
// can.
func commitHead(t *testing.T, kv jetstream.KeyValue, h *head) {
	t.Helper()
	data, _ := json.Marshal(h)
	if _, err := kv.Put(context.Background(), headKey, data); err != nil {
		t.Fatal(err)
	}
}

func currentHead(t *testing.T, kv jetstream.KeyValue) *head {
	t.Helper()
	e, err := kv.Get(context.Background(), headKey)
	if err != nil {
		t.Fatal(err)
	}
	var h head
	if err := json.Unmarshal(e.Value(), &h); err != nil {
		t.Fatal(err)
	}
	return &h
}

// The bucket may be written by anyone who may write it: a page changed
// in place is refused for not holding what its name says; a consistent
// rewrite that moves a shard to another place in the tree is refused
// because its resources are not where their addresses belong; a head
// whose shape does not match its leaf bits, one of format 2 that lists
// shards as format 1 did, and one of a format to come are refused.
func TestForgedTreesAreRefused(t *testing.T) {
	url := bucketURL(t, "")
	s := fleetState(600, 40) // 7 leaf bits: head lists 4 pages of 32 shards
	if err := open(t, url, Options{}).Write(s); err != nil {
		t.Fatal(err)
	}
	kv := rawKV(t, url)
	good := currentHead(t, kv)
	if len(good.Root) != 4 || pageLevels(good.LeafBits) != 1 {
		t.Fatalf("head: %d leaf bits, root %d", good.LeafBits, len(good.Root))
	}
	refused := func(what, want string) {
		t.Helper()
		for _, lazy := range []bool{false, true} {
			_, err := open(t, url, Options{}).read(lazy)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("%s (lazy %v): %v; want an error saying %q", what, lazy, err, want)
			}
		}
	}

	e, err := kv.Get(context.Background(), good.Root[0])
	if err != nil {
		t.Fatal(err)
	}
	page := e.Value()
	forged := append([]byte(nil), page...)
	forged[0] ^= 1
	if _, err := kv.Put(context.Background(), good.Root[0], forged); err != nil {
		t.Fatal(err)
	}
	refused("a page changed in place", "does not hold what its name says")
	if _, err := kv.Put(context.Background(), good.Root[0], page); err != nil {
		t.Fatal(err)
	}

	// Swap two different shards of the first page and name the new page.
	swapped := append([]byte(nil), page...)
	a, b := swapped[:sha256.Size], []byte(nil)
	for i := sha256.Size; i < len(swapped); i += sha256.Size {
		if string(swapped[i:i+sha256.Size]) != string(a) {
			b = swapped[i : i+sha256.Size]
			break
		}
	}
	tmp := append([]byte(nil), a...)
	copy(a, b)
	copy(b, tmp)
	key := recordKey("p", swapped)
	if _, err := kv.Put(context.Background(), key, swapped); err != nil {
		t.Fatal(err)
	}
	moved := *good
	moved.Root = append([]string{key}, good.Root[1:]...)
	commitHead(t, kv, &moved)
	refused("shards swapped in a consistent rewrite", "not the one its address belongs to")

	short := *good
	short.Root = good.Root[:3]
	commitHead(t, kv, &short)
	refused("a root too short for its leaf bits", "it lists 3 nodes, a tree of 7 leaf bits has 4")

	both := *good
	both.Shards = good.Root
	commitHead(t, kv, &both)
	refused("a format-2 head listing shards", "lists a root, not shards")

	next := *good
	next.Format = headFormat + 1
	commitHead(t, kv, &next)
	refused("a head of a later format", "upgrade natsplan")

	commitHead(t, kv, good)
	got, err := open(t, url, Options{}).Read()
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, got, s)
}

// A write killed between its records and its commit leaves head naming
// the previous serial, which reads whole; the next commit's collection
// removes the records the killed write left, and keeps every record of
// the serials the bucket still keeps.
func TestKilledWriteLeavesThePreviousSerialAndItsRecordsGo(t *testing.T) {
	url := bucketURL(t, "")
	first := fleetState(2000, 40)
	if err := open(t, url, Options{}).Write(first); err != nil {
		t.Fatal(err)
	}
	before := allRecords(t, url)

	// The killed write: its records, no head.
	st := open(t, url, Options{})
	killed, err := st.Read()
	if err != nil {
		t.Fatal(err)
	}
	resign(killed, 6)
	cur, _, err := st.getHead(st.kv)
	if err != nil {
		t.Fatal(err)
	}
	existing, err := st.existing(st.kv, cur)
	if err != nil {
		t.Fatal(err)
	}
	_, records, err := st.layout(killed, cur, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.putRecords(records, existing); err != nil {
		t.Fatal(err)
	}
	left := map[string]bool{}
	for k := range allRecords(t, url) {
		if !before[k] {
			left[k] = true
		}
	}
	if len(left) < 6 {
		t.Fatalf("the killed write left %d records", len(left))
	}
	got, err := open(t, url, Options{}).Read()
	if err != nil || got.Serial != 1 {
		t.Fatalf("after the killed write: serial %d, %v", got.Serial, err)
	}
	sameState(t, got, first)

	// The next apply, another change, under the lock.
	st = open(t, url, Options{})
	next, err := st.Read()
	if err != nil {
		t.Fatal(err)
	}
	next.Resources["account.A000001.user.u01"].Digest = hexSum("other")
	lock, err := st.Lock(context.Background(), time.Second, "apply")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Write(next); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	now, named := allRecords(t, url), serialRecords(t, st, next)
	for k := range left {
		if now[k] && !named[k] {
			t.Fatalf("record %s of the killed write is still there", k)
		}
	}
	for k := range before {
		if !now[k] {
			t.Fatalf("record %s of serial 1, which the bucket keeps, was removed", k)
		}
	}
	for serial, want := range map[uint64]*state.State{1: first, 2: next} {
		got, err := open(t, url, Options{}).ReadSerial(serial)
		if err != nil {
			t.Fatalf("serial %d: %v", serial, err)
		}
		sameState(t, got, want)
	}
}

// serialRecords is the set of records s's serial is made of.
func serialRecords(t *testing.T, st *Store, s *state.State) map[string]bool {
	t.Helper()
	_, records, err := st.layout(s, nil, s.Serial)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for k := range records {
		out[k] = true
	}
	return out
}

// allRecords lists the bucket's page, shard and JWT records.
func allRecords(t *testing.T, url string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, p := range []string{"p.", "s.", "j."} {
		for k := range bucketKeys(t, url, p) {
			out[k] = true
		}
	}
	return out
}
