package statekv

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/natsplan/natsplan/state"
)

// Keys of the records that are not content-addressed.
const (
	headKey       = "head"
	lockKey       = "lock"
	lockHolderKey = "lock-holder"
)

// headFormat is the version of the layout head describes.
const headFormat = 1

// head is the commit record: everything a serial is made of.
type head struct {
	Format          int             `json:"format"`
	Version         int             `json:"version"` // the state format (state.FormatVersion)
	Lineage         string          `json:"lineage"`
	Serial          uint64          `json:"serial"`
	NatsplanVersion string          `json:"natsplan_version,omitempty"`
	Written         time.Time       `json:"written"`
	By              *state.LockInfo `json:"by,omitempty"` // the lock holder that wrote it
	Shards          []string        `json:"shards"`
}

// shard is one part of the resources, their JWTs in records of their own.
type shard struct {
	Resources map[string]*entry `json:"resources"`
}

// entry is a resource with its JWT replaced by the key of its record.
type entry struct {
	*state.Resource
	JWTRecord string `json:"jwt_record"`
}

// recordKey is the content address of value with the given prefix.
func recordKey(prefix string, value []byte) string {
	sum := sha256.Sum256(value)
	return prefix + "." + base64.RawURLEncoding.EncodeToString(sum[:])
}

// checkRecord refuses a record whose content is not what its key says.
func checkRecord(key string, value []byte) error {
	if len(key) < 2 || recordKey(key[:1], value) != key {
		return fmt.Errorf("record %s does not hold what its name says (it was changed in the bucket, or damaged)", key)
	}
	return nil
}

// shardOf is the shard of addr among n.
func shardOf(addr string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(addr))
	return int(h.Sum32() % uint32(n))
}

// shardCount is how many shards n resources get: a power of two near
// sqrt(8n), at least prev (so that a small change does not move every
// resource to another shard). A change of one resource writes one shard
// of about n/k entries (some 370 bytes each) and the head of k keys (46
// bytes each); k = sqrt(8n) keeps their sum least: some 25 KB at 6,000
// resources, 90 KB at 110,000 (10,000 accounts of 10 users).
func shardCount(n, prev int) int {
	k := max(1, prev)
	for k*k < 8*n {
		k *= 2
	}
	return k
}

// decodeStrict decodes JSON refusing unknown fields and trailing data: a
// record we do not fully understand could drop entities.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}

// check validates a head read from the bucket.
func (h *head) check() error {
	switch {
	case h.Format != headFormat:
		return fmt.Errorf("layout format %d, this natsplan reads %d; upgrade natsplan", h.Format, headFormat)
	case h.Version > state.FormatVersion || h.Version < 1:
		return fmt.Errorf("state format version %d is not one this natsplan understands (%d)", h.Version, state.FormatVersion)
	case h.Lineage == "":
		return fmt.Errorf("missing lineage")
	case len(h.Shards) == 0:
		return fmt.Errorf("no shards")
	}
	return nil
}
