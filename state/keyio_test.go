package state

import (
	"os"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
)

func TestKeystorePutIsIdempotentAndNeverOverwrites(t *testing.T) {
	k := openTestKeystore(t)
	kp, pub, _ := putNew(t, k, nkeys.CreateAccount)
	if err := k.Put(kp); err != nil {
		t.Fatalf("second Put of the same key: %v", err)
	}
	impostor, _ := nkeys.CreateAccount()
	iseed, _ := impostor.Seed()
	file, _ := k.path(pub)
	os.WriteFile(file, iseed, 0o600)
	err := k.Put(kp)
	if err == nil || !strings.Contains(err.Error(), "different seed") {
		t.Fatalf("Put over a different seed = %v", err)
	}
	if data, _ := os.ReadFile(file); string(data) != string(iseed) {
		t.Fatal("Put overwrote an existing different seed")
	}
	if _, err := k.Get(pub); err == nil || !strings.Contains(err.Error(), "holds the seed of") {
		t.Fatalf("Get of a file holding another key's seed = %v", err)
	}
}

func TestKeystoreAcceptsNscFileWithNewline(t *testing.T) {
	k := openTestKeystore(t)
	_, pub, seed := putNew(t, k, nkeys.CreateUser)
	file, _ := k.path(pub)
	os.WriteFile(file, append(seed, '\n'), 0o600)
	if _, err := k.Get(pub); err != nil {
		t.Fatal(err)
	}
}

func TestKeystoreRefusesWorldReadableKey(t *testing.T) {
	k := openTestKeystore(t)
	_, pub, _ := putNew(t, k, nkeys.CreateUser)
	file, _ := k.path(pub)
	os.Chmod(file, 0o644)
	_, err := k.Get(pub)
	if err == nil || !strings.Contains(err.Error(), "chmod -R go-rwx "+k.Root) || !strings.Contains(err.Error(), file) {
		t.Fatalf("Get of a 0644 key = %v", err)
	}
}

// Invariant 2: whatever goes wrong, an error names keys and paths only.
func TestKeystoreErrorsNeverContainSecrets(t *testing.T) {
	k := openTestKeystore(t)
	kp, pub, seed := putNew(t, k, nkeys.CreateAccount)
	file, _ := k.path(pub)
	other, _ := nkeys.CreateAccount()
	oseed, _ := other.Seed()
	damaged := append([]byte{}, seed...)
	damaged[10] ^= 1 // still base32, wrong checksum

	var errs []error
	provoke := func(content []byte, mode os.FileMode, op func() error) {
		os.WriteFile(file, content, 0o600)
		os.Chmod(file, mode)
		errs = append(errs, op())
	}
	get := func() error { _, err := k.Get(pub); return err }
	put := func() error { return k.Put(kp) }
	provoke(seed, 0o644, get)    // world-readable
	provoke(seed, 0o640, put)    // group-readable, on Put
	provoke(damaged, 0o600, get) // bad checksum
	provoke(oseed, 0o600, get)   // someone else's seed
	provoke(oseed, 0o600, put)   // different seed on Put
	for i, err := range errs {
		if err == nil {
			t.Fatalf("case %d: no error", i)
		}
		for _, secret := range [][]byte{seed, oseed, damaged, seed[2:20], oseed[2:20]} {
			if strings.Contains(err.Error(), string(secret)) {
				t.Fatalf("case %d: error %q contains secret material", i, err)
			}
		}
	}
}
