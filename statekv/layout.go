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

// headFormat is the version of the layout head describes, the one this
// natsplan writes: head, pages, shards (tree.go). It reads
// legacyFormat too, one level of shards that head lists, so that a
// bucket written before keeps its history and is rewritten in format 2
// by the next apply; an older natsplan refuses a format-2 head (it does
// not know its fields) rather than misread it.
const (
	headFormat   = 2
	legacyFormat = 1
)

// head is the commit record: everything a serial is made of.
type head struct {
	Format          int             `json:"format"`
	Version         int             `json:"version"` // the state format (state.FormatVersion)
	Lineage         string          `json:"lineage"`
	Serial          uint64          `json:"serial"`
	NatsplanVersion string          `json:"natsplan_version,omitempty"`
	Written         time.Time       `json:"written"`
	By              *state.LockInfo `json:"by,omitempty"` // the lock holder that wrote it
	// Format 2: the shards are the leaves of a tree (tree.go) of
	// 2^LeafBits leaves, Root its top level.
	LeafBits int      `json:"leaf_bits,omitempty"`
	Root     []string `json:"root,omitempty"`
	// Format 1: the shards, in order (shard i holds the addresses whose
	// FNV-1a hash is i modulo their number).
	Shards []string `json:"shards,omitempty"`
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

// legacyShardOf is the shard of addr among n in format 1.
func legacyShardOf(addr string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(addr))
	return int(h.Sum32() % uint32(n))
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
	case h.Format != headFormat && h.Format != legacyFormat:
		return fmt.Errorf("layout format %d, this natsplan reads %d and %d; upgrade natsplan", h.Format, legacyFormat, headFormat)
	case h.Version > state.FormatVersion || h.Version < 1:
		return fmt.Errorf("state format version %d is not one this natsplan understands (%d)", h.Version, state.FormatVersion)
	case h.Lineage == "":
		return fmt.Errorf("missing lineage")
	case h.Format == legacyFormat && (len(h.Shards) == 0 || len(h.Root) > 0 || h.LeafBits != 0):
		return fmt.Errorf("a format-%d head must list its shards, and only them", legacyFormat)
	case h.Format == headFormat && len(h.Shards) > 0:
		return fmt.Errorf("a format-%d head lists a root, not shards", headFormat)
	case h.Format == headFormat:
		return h.checkShape()
	}
	return nil
}
