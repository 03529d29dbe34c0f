package state

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A pack is a file of many seeds, written once by a KeyBatch and never
// changed afterwards:
//
//	# natsplan key pack 1: ...
//	<public key> <seed>
//	...
//
// Packs live in <Root>/packs, 0600 in a 0700 directory like every other
// key file. Get finds a key in the nsc layout first, then in the packs.

const (
	packExt    = ".keys"
	packHeader = "# natsplan key pack 1: one \"<public key> <seed>\" per line. Secret: never share or commit this file.\n"
	maxPack    = 1 << 30 // a million keys take about 120 MB
)

func (k *Keystore) packsDir() string { return filepath.Join(k.Root, "packs") }

// encodePack is the content of a pack holding keys. The caller wipes it.
func encodePack(keys []*NewKey) []byte {
	buf := make([]byte, 0, len(packHeader)+len(keys)*(len(keys[0].Public)+len(keys[0].seed)+2))
	buf = append(buf, packHeader...)
	for _, key := range keys {
		buf = append(buf, key.Public...)
		buf = append(buf, ' ')
		buf = append(buf, key.seed...)
		buf = append(buf, '\n')
	}
	return buf
}

// packIndex says where in which pack each key's seed is. It holds
// positions, never seeds: a seed is read from its pack when it is needed.
type packIndex struct {
	mu    sync.Mutex
	files map[string]bool // packs already indexed
	keys  map[string]packLoc

	opened map[string][]byte // seeds of sealed packs opened so far, until forget
}

type packLoc struct {
	path     string
	off, len int64
	sealed   bool // in a sealed pack, whose sealed part starts at off
}

// packSeed returns the seed of pub from the pack that holds it, and the
// pack's path. The error wraps fs.ErrNotExist when no pack holds it.
func (k *Keystore) packSeed(pub string) ([]byte, string, error) {
	loc, err := k.packs.find(k.packsDir(), k.Root, pub)
	if err != nil {
		return nil, "", err
	}
	if loc.sealed {
		seed, err := k.sealedPackSeed(loc, pub)
		return seed, loc.path, err
	}
	f, err := openPrivate(loc.path, k.Root, "key "+pub)
	if err != nil {
		return nil, loc.path, err
	}
	defer f.Close()
	seed := make([]byte, loc.len)
	if _, err := f.ReadAt(seed, loc.off); err != nil {
		wipe(seed)
		return nil, loc.path, fmt.Errorf("keystore: reading %s (key %s): %w", loc.path, pub, err)
	}
	return seed, loc.path, nil
}

// find looks pub up, indexing packs written since the last look first
// when it is not known: another apply may have added one.
func (x *packIndex) find(dir, root, pub string) (packLoc, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if loc, ok := x.keys[pub]; ok {
		return loc, nil
	}
	if err := x.refresh(dir, root); err != nil {
		return packLoc{}, err
	}
	if loc, ok := x.keys[pub]; ok {
		return loc, nil
	}
	return packLoc{}, fmt.Errorf("keystore: no seed for %s in %s: %w", pub, dir, fs.ErrNotExist)
}

// refresh indexes every pack in dir not indexed yet.
func (x *packIndex) refresh(dir, root string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	if x.files == nil {
		x.files, x.keys = map[string]bool{}, map[string]packLoc{}
	}
	for _, e := range entries {
		name := e.Name()
		if !(strings.HasSuffix(name, packExt) || strings.HasSuffix(name, sealedPackExt)) || strings.HasPrefix(name, ".") || x.files[name] {
			continue
		}
		if err := x.index(filepath.Join(dir, name), root); err != nil {
			return err
		}
		x.files[name] = true
	}
	return nil
}

// index reads one pack and records where each seed is. The buffer is
// wiped before returning; only positions are kept.
func (x *packIndex) index(path, root string) error {
	data, err := readPrivate(path, root, maxPack)
	if err != nil {
		return err
	}
	defer wipe(data)
	if isSealed(path) {
		pubs, off, err := sealedPublicKeys(path, data)
		if err != nil {
			return err
		}
		for _, pub := range pubs {
			x.keys[pub] = packLoc{path: path, off: int64(off), sealed: true}
		}
		return nil
	}
	if !bytes.HasPrefix(data, []byte(packHeader[:strings.IndexByte(packHeader, ':')])) {
		return fmt.Errorf("keystore: %s is not a natsplan key pack (its first line is wrong)", path)
	}
	off := bytes.IndexByte(data, '\n') + 1
	for line := 2; off < len(data); line++ {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			return fmt.Errorf("keystore: %s is truncated at line %d", path, line)
		}
		pub, seed, ok := bytes.Cut(data[off:off+end], []byte{' '})
		if !ok || len(pub) == 0 || len(seed) == 0 {
			return fmt.Errorf("keystore: %s line %d is not \"<public key> <seed>\"", path, line)
		}
		x.keys[string(pub)] = packLoc{path: path, off: int64(off + len(pub) + 1), len: int64(len(seed))}
		off += end + 1
	}
	return nil
}

// readPrivate reads a whole key file that only its owner can access.
func readPrivate(path, root string, limit int64) ([]byte, error) {
	f, err := openPrivate(path, root, "pack")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit))
	if err != nil {
		return nil, fmt.Errorf("keystore: reading %s: %w", path, err)
	}
	return data, nil
}

// sealedPackSeed returns pub's seed from the sealed pack at loc, opening
// the pack (all its seeds at once) the first time one of them is asked.
func (k *Keystore) sealedPackSeed(loc packLoc, pub string) ([]byte, error) {
	x := &k.packs
	x.mu.Lock()
	defer x.mu.Unlock()
	if seed, ok := x.opened[pub]; ok {
		return bytes.Clone(seed), nil
	}
	data, err := readPrivate(loc.path, k.Root, maxPack)
	if err != nil {
		return nil, err
	}
	plain, err := k.openSealed(loc.path, pub, data[loc.off:])
	if err != nil {
		return nil, err
	}
	defer wipe(plain)
	if x.opened == nil {
		x.opened = map[string][]byte{}
	}
	for _, line := range bytes.Split(plain, []byte{'\n'})[1:] {
		if p, seed, ok := bytes.Cut(line, []byte{' '}); ok {
			x.opened[string(p)] = bytes.Clone(seed)
		}
	}
	seed, ok := x.opened[pub]
	if !ok {
		return nil, fmt.Errorf("keystore: %s lists %s, but its sealed part holds no seed for it", loc.path, pub)
	}
	return bytes.Clone(seed), nil
}

// forget wipes the seeds of the sealed packs opened so far.
func (x *packIndex) forget() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for pub, seed := range x.opened {
		wipe(seed)
		delete(x.opened, pub)
	}
}
