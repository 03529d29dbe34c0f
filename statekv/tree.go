package statekv

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash/fnv"
)

// The layout of format 2 is a tree of fixed shape. An address's leaf is
// the top leafBits bits of its hash; the 2^leafBits shards hold some
// leafTarget resources each. Above them, pages of 2^pageBits children,
// level on level, until a level has at most 2^rootBits nodes: head lists
// those. A change of one resource rewrites its shard, the pages on its
// way up and head:
//
//	10,000 accounts (110,000 resources): 2^14 shards of ~2.8 KB, two
//	levels of 1 KB pages, head of 16 keys: 4.8 KB a resource, 1 KB once
//
// where format 1 (one level of shards, head listing them all) wrote a
// 45 KB shard a resource and a 48 KB head. Smaller shards write less but
// make more records to store and read: at four resources a shard the
// one-line change of make bench wrote 31 to 37 KB rather than 38 to 39,
// but the cold apply on an R3 cluster took 2.15x the file's at 1,000
// accounts and the no-op plan up to 1.85x; at eight both stay under 1.8x.
const (
	leafTarget = 8  // resources a shard aims at
	pageBits   = 5  // a page has 32 children: 1 KB
	rootBits   = 6  // head lists at most 64 nodes (3 KB)
	maxBits    = 24 // 16M shards: far more than any state has resources
)

// pageSize is the size of a page record: its children's SHA-256 sums.
const pageSize = sha256.Size << pageBits

// leafBits is how many bits choose the shard of n resources: the shards
// hold leafTarget resources or fewer, and never fewer bits than prev, so
// that a small change does not move every resource to another shard.
func leafBits(n, prev int) int {
	b := prev
	for b < maxBits && leafTarget<<b < n {
		b++
	}
	return b
}

// pageLevels is how many levels of pages stand between head and shards.
func pageLevels(leaf int) int {
	if leaf <= rootBits {
		return 0
	}
	return (leaf - rootBits + pageBits - 1) / pageBits
}

// rootCount is how many nodes head lists for leaf bits.
func rootCount(leaf int) int { return 1 << (leaf - pageBits*pageLevels(leaf)) }

// leafOf is the shard of addr among 2^leaf. FNV-1a is fast and stable
// but mixes its high bits poorly for short keys that differ at the end;
// murmur3's finalizer spreads every input bit over all of them.
func leafOf(addr string, leaf int) int {
	if leaf == 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(addr))
	x := h.Sum64()
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return int(x >> (64 - leaf))
}

// sumKey is the record key of a content sum.
func sumKey(prefix string, sum []byte) string {
	return prefix + "." + base64.RawURLEncoding.EncodeToString(sum)
}

// keySum is the SHA-256 sum a record key names.
func keySum(key string) ([]byte, error) {
	if len(key) < 3 || key[1] != '.' {
		return nil, fmt.Errorf("%q is not a record key", key)
	}
	sum, err := base64.RawURLEncoding.DecodeString(key[2:])
	if err != nil || len(sum) != sha256.Size {
		return nil, fmt.Errorf("%q is not a record key", key)
	}
	return sum, nil
}

// buildPages groups a level's keys into pages of 2^pageBits, in order,
// and returns the level above and the new page records.
func buildPages(level []string) ([]string, map[string][]byte, error) {
	up := make([]string, 0, len(level)>>pageBits)
	pages := map[string][]byte{}
	for i := 0; i < len(level); i += 1 << pageBits {
		page := make([]byte, 0, pageSize)
		for _, k := range level[i : i+1<<pageBits] {
			sum, err := keySum(k)
			if err != nil {
				return nil, nil, err
			}
			page = append(page, sum...)
		}
		key := recordKey("p", page)
		pages[key] = page
		up = append(up, key)
	}
	return up, pages, nil
}

// pageChildren decodes a page at the given level above the shards (1:
// its children are shards).
func pageChildren(key string, data []byte, level int) ([]string, error) {
	if len(data) != pageSize {
		return nil, fmt.Errorf("page %s is %d bytes, not %d", key, len(data), pageSize)
	}
	prefix := "p"
	if level == 1 {
		prefix = "s"
	}
	out := make([]string, 0, 1<<pageBits)
	for i := 0; i < len(data); i += sha256.Size {
		out = append(out, sumKey(prefix, data[i:i+sha256.Size]))
	}
	return out, nil
}

// checkShape refuses a format-2 head whose root does not fit its leaf
// bits, or names records of the wrong kind.
func (h *head) checkShape() error {
	if h.LeafBits < 0 || h.LeafBits > maxBits {
		return fmt.Errorf("leaf bits %d out of range", h.LeafBits)
	}
	if n := rootCount(h.LeafBits); len(h.Root) != n {
		return fmt.Errorf("it lists %d nodes, a tree of %d leaf bits has %d", len(h.Root), h.LeafBits, n)
	}
	prefix := "p."
	if pageLevels(h.LeafBits) == 0 {
		prefix = "s."
	}
	for _, k := range h.Root {
		if _, err := keySum(k); err != nil || k[:2] != prefix {
			return fmt.Errorf("node %q is not a %s record", k, prefix)
		}
	}
	return nil
}
