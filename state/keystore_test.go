package state

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
)

func openTestKeystore(t *testing.T) *Keystore {
	t.Helper()
	k, err := OpenKeystore(filepath.Join(t.TempDir(), "project", ".natsplan", "keys"))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func putNew(t *testing.T, k *Keystore, create func() (nkeys.KeyPair, error)) (kp nkeys.KeyPair, pub string, seed []byte) {
	t.Helper()
	kp, _ = create()
	pub, _ = kp.PublicKey()
	seed, _ = kp.Seed()
	if err := k.Put(kp); err != nil {
		t.Fatal(err)
	}
	return kp, pub, seed
}

func TestKeystorePutGetInNscLayout(t *testing.T) {
	k := openTestKeystore(t)
	for _, create := range []func() (nkeys.KeyPair, error){nkeys.CreateOperator, nkeys.CreateAccount, nkeys.CreateUser} {
		_, pub, seed := putNew(t, k, create)
		file := filepath.Join(k.Root, "keys", pub[:1], pub[1:3], pub+".nk")
		if data, err := os.ReadFile(file); err != nil || string(data) != string(seed) {
			t.Fatalf("%s: seed file at nsc path: err %v", pub, err)
		}
		got, err := k.Get(pub)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := got.Seed(); string(s) != string(seed) || !k.Has(pub) {
			t.Fatalf("%s: Get returned another key", pub)
		}
	}
	other, _ := nkeys.CreateUser()
	opub, _ := other.PublicKey()
	if k.Has(opub) || k.Has("../../etc/passwd") {
		t.Fatal("Has reports keys that were never put")
	}
	if _, err := k.Get(opub); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Get(missing) = %v, want fs.ErrNotExist", err)
	}
	if _, err := k.Get("../../x"); err == nil {
		t.Fatal("Get accepted a path as public key")
	}
}

func TestKeystoreModesAreExact(t *testing.T) {
	k := openTestKeystore(t)
	_, pub, _ := putNew(t, k, nkeys.CreateAccount)
	dirs := []string{k.Root, filepath.Join(k.Root, "keys"), filepath.Join(k.Root, "keys", "A"), filepath.Join(k.Root, "keys", "A", pub[1:3])}
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, err %v; want 0700", d, fi.Mode().Perm(), err)
		}
	}
	file := filepath.Join(dirs[3], pub+".nk")
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, err %v; want 0600", file, fi.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(dirs[3]); len(entries) != 1 {
		t.Errorf("shard directory holds %d entries, want 1 (no temp files)", len(entries))
	}
}

func TestOpenKeystoreRefusesOpenDirectories(t *testing.T) {
	root := filepath.Join(t.TempDir(), "keys")
	os.Mkdir(root, 0o700)
	os.Chmod(root, 0o755)
	if _, err := OpenKeystore(root); err == nil || !strings.Contains(err.Error(), "chmod -R go-rwx "+root) {
		t.Fatalf("OpenKeystore(0755 root) = %v", err)
	}
	os.Chmod(root, 0o700)
	os.Mkdir(filepath.Join(root, "keys"), 0o700)
	os.Chmod(filepath.Join(root, "keys"), 0o750)
	if _, err := OpenKeystore(root); err == nil || !strings.Contains(err.Error(), "chmod") {
		t.Fatalf("OpenKeystore(0750 keys dir) = %v", err)
	}
	os.Chmod(filepath.Join(root, "keys"), 0o700)
	if _, err := OpenKeystore(root); err != nil {
		t.Fatalf("OpenKeystore after the fix: %v", err)
	}
}

func TestKeystoreGitignore(t *testing.T) {
	k := openTestKeystore(t)
	if data, err := os.ReadFile(filepath.Join(k.Root, ".gitignore")); err != nil || string(data) != "*\n" {
		t.Fatalf(".gitignore = %q, %v", data, err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("mine\n"), 0o644)
	if err := EnsureGitignore(dir); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(data) != "mine\n" {
		t.Fatal("EnsureGitignore replaced an existing .gitignore")
	}
	if got, want := DefaultKeystoreDir("/w"), filepath.Join("/w", ".natsplan", "keys"); got != want {
		t.Fatalf("DefaultKeystoreDir = %q, want %q", got, want)
	}
}
