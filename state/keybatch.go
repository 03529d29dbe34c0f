package state

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// KeyBatch stores many new seeds and makes them durable together. Put on
// the Keystore fsyncs every file and directory it touches, which costs a
// disk flush per key; creating a fleet's keys that way spends its time
// waiting on the disk. A batch writes each seed (never over an existing
// file, through a temp name so no half-written key is ever visible) and
// Commit makes all of them durable at once.
//
// The contract is Put's, moved to Commit: no state may refer to a key of
// the batch before Commit has returned nil. A crash before then may lose
// keys that nothing refers to yet, which is harmless.
type KeyBatch struct {
	ks *Keystore

	mu    sync.Mutex
	dirs  map[string]bool // directories known to exist
	files []string        // files written, for the per-file fallback
}

// Batch starts a batch of new keys. Put is safe for concurrent use.
func (k *Keystore) Batch() *KeyBatch { return &KeyBatch{ks: k, dirs: map[string]bool{}} }

// Put writes the seed of key. The file is complete when Put returns but
// not necessarily on disk: call Commit.
func (b *KeyBatch) Put(key *NewKey) error {
	p, err := b.ks.path(key.Public)
	if err != nil {
		return err
	}
	if err := b.mkdir(filepath.Dir(p)); err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	if err := placeQuick(p, key.seed); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("keystore: %s already exists; refusing to overwrite the seed of %s", p, key.Public)
		}
		return fmt.Errorf("keystore: writing key %s: %w", key.Public, err)
	}
	b.mu.Lock()
	b.files = append(b.files, p)
	b.mu.Unlock()
	return nil
}

// mkdir creates a key directory (0700) once per batch.
func (b *KeyBatch) mkdir(dir string) error {
	b.mu.Lock()
	known := b.dirs[dir]
	b.mu.Unlock()
	if known {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b.mu.Lock()
	b.dirs[dir] = true
	b.mu.Unlock()
	return nil
}

// placeQuick writes data to a temp name beside path and links it at path,
// which fails rather than replace an existing file; no fsync (Commit does
// that for the whole batch). The temp file is created with exclusive
// create and mode 0600, so it is private from its first byte.
func placeQuick(path string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Link(tmp, path)
		if werr != nil && !errors.Is(werr, fs.ErrExist) {
			werr = os.Rename(tmp, path) // no hard links on this filesystem
		}
	}
	os.Remove(tmp)
	return werr
}

// Commit makes every key of the batch durable: file contents and the
// directory entries that name them.
func (b *KeyBatch) Commit() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.files) == 0 {
		return nil
	}
	if err := syncFS(b.ks.Root); err == nil {
		return nil
	}
	return b.syncEach()
}

// syncEach is the portable way: fsync every file, then every directory
// that gained an entry, then the parents of new directories.
func (b *KeyBatch) syncEach() error {
	dirs := map[string]bool{}
	for _, p := range b.files {
		if err := syncFile(p); err != nil {
			return fmt.Errorf("keystore: syncing %s: %w", p, err)
		}
		for d := filepath.Dir(p); d != b.ks.Root && d != filepath.Dir(d); d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	dirs[b.ks.Root] = true
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return fmt.Errorf("keystore: syncing %s: %w", d, err)
		}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
