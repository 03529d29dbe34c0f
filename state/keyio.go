package state

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nats-io/nkeys"
)

// maxKeyFile bounds what Get reads: a seed is 58 bytes, nsc adds nothing.
const maxKeyFile = 4096

// Put stores the seed of kp. When it returns nil the seed is on disk
// (file and directory entries fsynced), so a state that refers to the key
// can be written next. Putting the same key again is a no-op; a different
// seed under the same public key is an error and is never overwritten.
func (k *Keystore) Put(kp nkeys.KeyPair) error {
	pub, err := kp.PublicKey()
	if err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	seed, err := kp.Seed()
	if err != nil {
		return fmt.Errorf("keystore: key pair %s has no seed: %w", pub, err)
	}
	p, err := k.path(pub)
	if err != nil {
		return err
	}
	if err := k.sameSeed(pub, p, seed); !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir := filepath.Dir(p)
	if err := mkdirDurable(dir, 0o700); err != nil {
		return fmt.Errorf("keystore: %w", err)
	}
	data, target := seed, p
	if k.Seal != nil { // the plain seed never reaches the disk
		if data, err = k.Seal.Seal(seed); err != nil {
			return fmt.Errorf("keystore: sealing key %s: %w", pub, err)
		}
		target += sealedExt
	}
	if err := placeNew(target, data); err != nil {
		if errors.Is(err, fs.ErrExist) { // another process put it first
			return k.sameSeed(pub, p, seed)
		}
		return fmt.Errorf("keystore: writing key %s: %w", pub, err)
	}
	return syncDir(dir)
}

// placeNew writes data to a fsynced temp file and links it at path, which
// (unlike rename) fails rather than replace an existing key. Filesystems
// without hard links fall back to rename.
func placeNew(path string, data []byte) error {
	tmp, err := writeTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*", data, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	err = os.Link(tmp, path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		err = os.Rename(tmp, path)
	}
	return err
}

// sameSeed compares the stored seed of pub with seed: nil if equal, an
// error wrapping fs.ErrNotExist if none is stored.
func (k *Keystore) sameSeed(pub, path string, seed []byte) error {
	stored, err := k.readSeed(pub, path)
	if errors.Is(err, fs.ErrNotExist) && statSealed(path) {
		stored, err = k.sealedSeed(pub, path)
	}
	if err != nil {
		return err
	}
	defer wipe(stored)
	if subtle.ConstantTimeCompare(stored, seed) != 1 {
		return fmt.Errorf("keystore: %s already holds a different seed for %s; refusing to overwrite it", path, pub)
	}
	return nil
}

// Get returns the key pair of publicKey, after checking that the file is
// private and that its seed really belongs to publicKey.
func (k *Keystore) Get(publicKey string) (nkeys.KeyPair, error) {
	p, err := k.path(publicKey)
	if err != nil {
		return nil, err
	}
	seed, err := k.readSeed(publicKey, p)
	if errors.Is(err, fs.ErrNotExist) && statSealed(p) {
		seed, err = k.sealedSeed(publicKey, p)
	}
	if errors.Is(err, fs.ErrNotExist) {
		var inPack error
		nscPath := p
		seed, p, inPack = k.packSeed(publicKey)
		if errors.Is(inPack, fs.ErrNotExist) {
			return nil, fmt.Errorf("keystore: no seed for %s (looked for %s and in %s): %w",
				publicKey, nscPath, k.packsDir(), fs.ErrNotExist)
		}
		err = inPack
	}
	if err != nil {
		return nil, err
	}
	defer wipe(seed)
	kp, err := nkeys.FromSeed(seed) // copies seed
	if err != nil {
		return nil, fmt.Errorf("keystore: %s (key %s) does not hold a valid seed", p, publicKey)
	}
	if got, _ := kp.PublicKey(); got != publicKey {
		kp.Wipe()
		return nil, fmt.Errorf("keystore: %s holds the seed of %s, not of %s", p, got, publicKey)
	}
	return kp, nil
}

// readSeed reads the seed file at path, refusing it if group or others can
// access it (openPrivate).
func (k *Keystore) readSeed(pub, path string) ([]byte, error) {
	f, err := openPrivate(path, k.Root, "key "+pub)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("keystore: no seed for %s (looked in %s): %w", pub, path, fs.ErrNotExist)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile))
	if err != nil {
		return nil, fmt.Errorf("keystore: reading %s (key %s): %w", path, pub, err)
	}
	return bytes.TrimSpace(data), nil
}

// wipe zeroes a buffer that held a seed, so it does not linger in memory
// longer than needed.
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
