package state

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nkeys"
)

// Keys put in a batch, from many goroutines, come back from Get (which
// checks the seed against the public key) with private modes.
func TestKeyBatchStoresKeysGetReads(t *testing.T) {
	k := openTestKeystore(t)
	b := k.Batch()
	prefixes := []nkeys.PrefixByte{nkeys.PrefixByteOperator, nkeys.PrefixByteAccount, nkeys.PrefixByteUser}
	keys := make([]*NewKey, 30)
	var wg sync.WaitGroup
	for i := range keys {
		key, err := GenerateKey(prefixes[i%3])
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = key
		wg.Go(func() {
			if err := b.Put(key); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	for i, key := range keys {
		kp, err := k.Get(key.Public)
		if err != nil {
			t.Fatal(err)
		}
		if pub, _ := kp.PublicKey(); pub != key.Public || key.Public[0] != "OAU"[i%3] {
			t.Fatalf("key %d: Get gave %s for %s", i, pub, key.Public)
		}
		p, _ := k.path(key.Public)
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: mode %v", p, fi.Mode().Perm())
		}
		if fi, _ := os.Stat(filepath.Dir(p)); fi.Mode().Perm() != 0o700 {
			t.Fatalf("%s: mode %v", filepath.Dir(p), fi.Mode().Perm())
		}
	}
	assertNoTempFiles(t, k.Root)
}

// A batch never replaces a seed file that exists, whatever it holds.
func TestKeyBatchNeverOverwrites(t *testing.T) {
	k := openTestKeystore(t)
	key, _ := GenerateKey(nkeys.PrefixByteAccount)
	b := k.Batch()
	if err := b.Put(key); err != nil {
		t.Fatal(err)
	}
	p, _ := k.path(key.Public)
	os.WriteFile(p, []byte("something else"), 0o600)
	err := b.Put(key)
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("second Put = %v", err)
	}
	if data, _ := os.ReadFile(p); string(data) != "something else" {
		t.Fatal("Put replaced an existing file")
	}
	assertNoTempFiles(t, k.Root)
}

// The portable path (fsync file by file) must work too; it runs wherever
// syncfs(2) is missing.
func TestKeyBatchSyncEach(t *testing.T) {
	k := openTestKeystore(t)
	b := k.Batch()
	for range 3 {
		key, _ := GenerateKey(nkeys.PrefixByteUser)
		if err := b.Put(key); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.syncEach(); err != nil {
		t.Fatal(err)
	}
	os.Remove(b.files[0])
	if err := b.syncEach(); err == nil {
		t.Fatal("syncEach of a vanished file succeeded")
	}
}

// A NewKey printed or wrapped in an error shows its public key only.
func TestNewKeyNeverPrintsItsSeed(t *testing.T) {
	key, _ := GenerateKey(nkeys.PrefixByteUser)
	for _, s := range []string{fmt.Sprint(key), fmt.Sprintf("%v %+v %s %#v %v", key, key, key, key, *key), fmt.Errorf("x: %v", key).Error()} {
		if secretPattern.MatchString(s) || strings.Contains(s, fmt.Sprint(key.seed[:4])) || !strings.Contains(s, key.Public) {
			t.Fatalf("printed as %q", s)
		}
	}
	seed := append([]byte(nil), key.seed...)
	kp, err := nkeys.FromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	if pub, _ := kp.PublicKey(); pub != key.Public {
		t.Fatalf("seed belongs to %s, not %s", pub, key.Public)
	}
	sig, _ := key.Sign([]byte("claims"))
	if err := kp.Verify([]byte("claims"), sig); err != nil {
		t.Fatalf("a NewKey's signature does not verify with its public key: %v", err)
	}
	key.Wipe()
	if string(key.seed) == string(seed) || key.priv[0]|key.priv[63] != 0 {
		t.Fatal("Wipe left the seed or the private key")
	}
}

func assertNoTempFiles(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp") {
			t.Errorf("temp file left: %s", p)
		}
		return nil
	})
}
