package state

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// KeyBatch stores many new seeds together, in one pack file (keypack.go).
// One file per key, as nsc stores them, costs a file creation per key: for
// a fleet of a hundred thousand users that alone took longer than
// generating every key and signing every JWT. A pack is written to a
// private temp file, fsynced, and renamed into place, so it is either
// complete or absent; Commit returns once it is durable.
//
// The contract: no state may refer to a key of the batch before Commit
// has returned nil. A crash before then loses keys that nothing refers to
// yet, which is harmless.
type KeyBatch struct {
	ks *Keystore

	mu   sync.Mutex
	keys []*NewKey
	done bool
}

// Batch starts a batch of new keys. Put is safe for concurrent use.
func (k *Keystore) Batch() *KeyBatch { return &KeyBatch{ks: k} }

// Put adds key to the batch. Nothing is written before Commit.
func (b *KeyBatch) Put(key *NewKey) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return fmt.Errorf("keystore: key %s added to a batch that was already committed", key.Public)
	}
	b.keys = append(b.keys, key)
	return nil
}

// Commit writes every key of the batch to a new pack and makes it durable:
// the file's content, its name in the packs directory, and the directory
// itself if this is the first pack.
func (b *KeyBatch) Commit() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done || len(b.keys) == 0 {
		b.done = true
		return nil
	}
	dir := b.ks.packsDir()
	if err := mkdirDurable(dir, 0o700); err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	data, name := encodePack(b.keys), packName()
	defer wipe(data)
	if b.ks.Seal != nil { // the plain content never reaches the disk
		sealed, err := b.ks.sealPack(b.keys)
		if err != nil {
			return err
		}
		data, name = sealed, name+sealedExt
	}
	tmp, err := writeTemp(dir, ".pack-*.tmp", data, 0o600)
	if err != nil {
		return fmt.Errorf("keystore: writing %d new keys: %w", len(b.keys), err)
	}
	final := filepath.Join(dir, name)
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("keystore: writing %d new keys: %w", len(b.keys), err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("keystore: syncing %s: %w", dir, err)
	}
	b.done = true
	return nil
}

// packName is unique and sorts by creation time, so a listing of the
// packs directory reads as a history of applies.
func packName() string {
	var rnd [4]byte
	rand.Read(rnd[:]) // cannot fail (Go 1.24+ aborts instead)
	return time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(rnd[:]) + packExt
}
