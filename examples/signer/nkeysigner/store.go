package nkeysigner

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nats-io/nkeys"
)

// Store is a directory of nkey seeds: <public key>.nk files, found
// recursively (so an nsc keystore works), new keys written at its top.
type Store struct {
	dir string

	mu   sync.Mutex
	keys map[string]nkeys.KeyPair
}

// Open reads every seed under dir, creating dir (0700) when missing.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	st := &Store{dir: dir, keys: map[string]nkeys.KeyPair{}}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".nk") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		kp, err := nkeys.FromSeed(bytes.TrimSpace(b))
		if err != nil {
			return fmt.Errorf("%s does not hold an nkey seed", path)
		}
		pub, _ := kp.PublicKey()
		st.keys[pub] = kp
		return nil
	})
	return st, err
}

// PublicKeys lists the keys the store can sign for, sorted.
func (s *Store) PublicKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.keys))
	for pub := range s.keys {
		out = append(out, pub)
	}
	sort.Strings(out)
	return out
}

// Sign signs payload with pub's seed.
func (s *Store) Sign(pub string, payload []byte) ([]byte, error) {
	s.mu.Lock()
	kp := s.keys[pub]
	s.mu.Unlock()
	if kp == nil {
		return nil, fmt.Errorf("no key %s here", pub)
	}
	return kp.Sign(payload)
}

// Create makes a key, writes its seed to <dir>/<public key>.nk (0600,
// fsynced, then renamed into place) and returns its public key.
func (s *Store) Create(prefix nkeys.PrefixByte) (string, error) {
	kp, err := nkeys.CreatePair(prefix)
	if err != nil {
		return "", err
	}
	pub, _ := kp.PublicKey()
	seed, _ := kp.Seed()
	if err := writeSeed(filepath.Join(s.dir, pub+".nk"), seed); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.keys[pub] = kp
	s.mu.Unlock()
	return pub, nil
}

func writeSeed(path string, seed []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".new-*.nk")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(seed, '\n')); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Wipe forgets every seed.
func (s *Store) Wipe() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pub, kp := range s.keys {
		kp.Wipe()
		delete(s.keys, pub)
	}
}
