// Package statekv keeps natsplan's state, and its lock, in a JetStream
// key-value bucket, so that many CI runners and people share one state
// with nothing but their NATS cluster. Store implements state.Backend.
//
// Layout. A 10,000-account state is over 100 MB and a value must fit the
// server's max_payload (1 MB by default), so the state is not one value:
//
//	head          the commit: lineage, serial, the writer, the tree's
//	              leaf bits and its root (format 2)
//	p.<sha256>    a page: the SHA-256 sums of its 32 children, pages or
//	              (at the lowest level) shards
//	s.<sha256>    a shard: the resources of its addresses without their
//	              JWTs, each naming its JWT record, in the state file's
//	              format
//	j.<sha256>    one JWT
//	lock          the lock record, with a per-key TTL, kept alive
//	lock-holder   the same record without TTL, to name a holder that died
//
// The tree has a fixed shape (tree.go): an address's shard is the top
// leaf bits of its hash, chosen so that a shard holds some eight
// resources, never fewer bits than the previous serial's; pages stand
// above the shards, level on level, until head can list a level of at
// most 64 nodes. A one-line change that re-signs six JWTs at 10,000
// accounts writes them (10 KB), six shards of about 2.8 KB, twelve pages
// of 1 KB and a head of 1 KB: 39 KB in the bucket's stream, where format
// 1 (head listing every shard) wrote 312 KB.
//
// Page, shard and JWT records are content-addressed (the key is the
// unpadded base64url SHA-256 of the value, checked on every read) and
// never change once written. A writer stores the records the new state
// adds that the current head does not already name, then commits with
// one compare-and-set of head on the revision it checked. An apply
// killed at any moment leaves head naming the previous serial, whose
// records are all still there; a reader reads head once and then only
// immutable records, so it never sees a mix of two serials. After a
// commit the records no kept head names are removed (collect.go), so the
// bucket does not grow with the number of applies.
//
// Format 1 (head listing the shards, shard i holding the addresses whose
// FNV-1a hash is i modulo their number) is still read, for a bucket
// written before format 2 and for its serials in the history; the next
// write stores format 2. An older natsplan refuses a format-2 head
// rather than misread it: upgrade every runner first.
//
// Reading: a plan (ReadLazy) reads head, the pages and the shards, and a
// JWT only when the planner asks for it; a full read (apply) reads the
// JWT records too. Records are streamed with one watch a kind when there
// are more than a few hundred, or fetched one by one for a user who may
// not create the watch's consumer.
//
// On a cluster: head and the lock records are read from the stream's
// leader (a direct get, which the KV API uses, may be answered by a
// follower that has not applied the latest commit); records, which never
// change, from any replica, and from the leader when that one lacks
// them. A record the stream did not acknowledge (one changing leader
// drops what is in flight) is published again, up to three times.
//
// History: the bucket keeps the last Options.History revisions of every
// key (-state-history, 1 to MaxHistory = 64, the most JetStream KV keeps;
// fixed when the bucket is created), so the last that many heads
// (serials) stay readable (History, Kept, ReadSerial).
//
// Lock: created with compare-and-set on the lock key and a per-key TTL
// (-lock-ttl, 60s by default, at most two minutes), re-published every
// third of the TTL while the holder runs, deleted on unlock. A holder
// that dies stops renewing and its lock expires by itself; the next
// holder finds the lock-holder record and reports it. Per-key TTL needs
// nats-server 2.11 or later; against an older server every writing
// command refuses before writing anything, and reads (plan) still work
// (2.10).
//
// Nothing here is trusted more than the file: the State a Store returns
// goes through package trust like one read from a file.
package statekv
