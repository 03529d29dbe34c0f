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

// Keys put in a batch, from many goroutines, land in one private pack on
// Commit and come back from Get (which checks each seed against its
// public key), also through a keystore opened afresh.
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
	if packs := packFiles(t, k); len(packs) != 0 {
		t.Fatalf("packs written before Commit: %v", packs)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	reopened, err := OpenKeystore(k.Root)
	if err != nil {
		t.Fatal(err)
	}
	for i, key := range keys {
		for _, ks := range []*Keystore{k, reopened} {
			kp, err := ks.Get(key.Public)
			if err != nil {
				t.Fatal(err)
			}
			if pub, _ := kp.PublicKey(); pub != key.Public || key.Public[0] != "OAU"[i%3] || !ks.Has(key.Public) {
				t.Fatalf("key %d: Get gave %s for %s", i, pub, key.Public)
			}
		}
	}
	packs := packFiles(t, k)
	if len(packs) != 1 {
		t.Fatalf("want one pack, got %v", packs)
	}
	if fi, _ := os.Stat(packs[0]); fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s: mode %v", packs[0], fi.Mode().Perm())
	}
	if fi, _ := os.Stat(k.packsDir()); fi.Mode().Perm() != 0o700 {
		t.Fatalf("%s: mode %v", k.packsDir(), fi.Mode().Perm())
	}
	assertNoTempFiles(t, k.Root)
}

// Each batch writes its own pack and never touches an earlier one; a
// batch takes no keys after its Commit.
func TestKeyBatchWritesNewPacksOnly(t *testing.T) {
	k := openTestKeystore(t)
	first := putKeys(t, k, 2)
	before := packFiles(t, k)
	data, _ := os.ReadFile(before[0])
	second := putKeys(t, k, 3)
	after := packFiles(t, k)
	if len(after) != 2 {
		t.Fatalf("packs after two batches: %v", after)
	}
	if again, _ := os.ReadFile(before[0]); string(again) != string(data) {
		t.Fatal("a second batch changed the first pack")
	}
	for _, key := range append(first, second...) {
		if _, err := k.Get(key.Public); err != nil {
			t.Fatal(err)
		}
	}
	b := k.Batch()
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	key, _ := GenerateKey(nkeys.PrefixByteUser)
	if err := b.Put(key); err == nil {
		t.Fatal("Put after Commit succeeded")
	}
	if len(packFiles(t, k)) != 2 {
		t.Fatal("an empty batch wrote a pack")
	}
}

// A pack that is damaged, or that others can read, is refused with an
// error that names the file and says nothing of its content.
func TestKeyPackRefusals(t *testing.T) {
	cases := []struct {
		name, want string
		damage     func(path string)
	}{
		{"group-readable", "chmod -R go-rwx", func(p string) { os.Chmod(p, 0o640) }},
		{"foreign file", "is not a natsplan key pack", func(p string) { os.WriteFile(p, []byte("SUAIB...\n"), 0o600) }},
		{"truncated", "is truncated at line 2", func(p string) {
			data, _ := os.ReadFile(p)
			os.WriteFile(p, data[:len(data)-10], 0o600)
		}},
		{"bad line", "line 2 is not", func(p string) { os.WriteFile(p, []byte(packHeader+"nospace\n"), 0o600) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := openTestKeystore(t)
			keys := putKeys(t, k, 1)
			c.damage(packFiles(t, k)[0])
			reopened, err := OpenKeystore(k.Root)
			if err != nil {
				t.Fatal(err)
			}
			_, err = reopened.Get(keys[0].Public)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Get = %v, want an error containing %q", err, c.want)
			}
			if secretPattern.MatchString(err.Error()) {
				t.Fatalf("error shows a seed: %v", err)
			}
		})
	}
}

// putKeys commits a batch of n new user keys.
func putKeys(t *testing.T, k *Keystore, n int) []*NewKey {
	t.Helper()
	b := k.Batch()
	var keys []*NewKey
	for range n {
		key, _ := GenerateKey(nkeys.PrefixByteUser)
		if err := b.Put(key); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	return keys
}

func packFiles(t *testing.T, k *Keystore) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(k.packsDir(), "*"+packExt))
	if err != nil {
		t.Fatal(err)
	}
	return found
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

// A key made elsewhere is stored by a batch like a new one, and reads
// back as the same key pair.
func TestExistingKeyInBatch(t *testing.T) {
	ks, err := OpenKeystore(filepath.Join(t.TempDir(), "keys"))
	if err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateAccount()
	pub, _ := kp.PublicKey()
	k, err := ExistingKey(kp)
	if err != nil || k.Public != pub {
		t.Fatalf("%v %s", err, k)
	}
	b := ks.Batch()
	if err := b.Put(k); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := ks.Get(pub)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := kp.Seed()
	if seed, _ := got.Seed(); string(seed) != string(want) {
		t.Fatal("the stored seed is not the key's")
	}
	sig, _ := k.Sign([]byte("x"))
	if err := kp.Verify([]byte("x"), sig); err != nil {
		t.Fatal("ExistingKey signs with another key")
	}
}
