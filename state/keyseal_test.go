package state

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/nats-io/nkeys"
)

// ageSeal is the custody package's age sealer, in small (custody imports
// state, so state's tests cannot import it).
type ageSeal struct {
	r age.Recipient
	i age.Identity
}

func (a ageSeal) Seal(plain []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := age.Encrypt(&b, a.r)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (a ageSeal) Open(sealed []byte) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), a.i)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func newAgeSeal(t *testing.T) ageSeal {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return ageSeal{id.Recipient(), id}
}

var anySeed = regexp.MustCompile(`S[OAUNCX][A-Z2-7]{56}`)

// noPlainSeed fails if a file under root holds a seed in plain text.
func noPlainSeed(t *testing.T, root string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			if anySeed.Match(b) {
				t.Errorf("%s holds a plain seed", path)
			}
			n++
		}
		return err
	})
	return n
}

func TestSealedKeystoreRoundTrip(t *testing.T) {
	root := filepath.Join(t.TempDir(), "ks")
	ks, err := OpenKeystore(root)
	if err != nil {
		t.Fatal(err)
	}
	seal := newAgeSeal(t)
	ks.Seal = seal
	b := ks.Batch()
	var keys []*NewKey
	for range 3 {
		k, err := GenerateKey(nkeys.PrefixByteUser)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
		b.Put(k)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	single, _ := nkeys.CreateAccount()
	if err := ks.Put(single); err != nil {
		t.Fatal(err)
	}
	singlePub, _ := single.PublicKey()
	if n := noPlainSeed(t, root); n < 3 {
		t.Fatalf("%d files written", n)
	}

	// Without the identity: the keys are listed, and reading one says why not.
	reader, _ := OpenKeystore(root)
	for _, pub := range []string{keys[0].Public, singlePub} {
		if !reader.Has(pub) {
			t.Fatalf("Has(%s) without the identity", pub)
		}
		if _, err := reader.Get(pub); err == nil || !strings.Contains(err.Error(), "the seed of "+pub+" is encrypted") {
			t.Fatalf("Get without the identity: %v", err)
		}
	}
	reader.Open = newAgeSeal(t) // another identity
	if _, err := reader.Get(keys[1].Public); err == nil || !strings.Contains(err.Error(), "cannot be decrypted with the identity given") {
		t.Fatalf("Get with a wrong identity: %v", err)
	}

	// With it, every seed reads back; decrypt and encrypt convert in place.
	check := func(ks *Keystore) {
		t.Helper()
		for _, k := range keys {
			kp, err := ks.Get(k.Public)
			if err != nil {
				t.Fatal(err)
			}
			if seed, _ := kp.Seed(); !bytes.Equal(seed, k.seed) {
				t.Fatalf("%s reads back another seed", k.Public)
			}
		}
		if _, err := ks.Get(singlePub); err != nil {
			t.Fatal(err)
		}
	}
	opened := func() *Keystore {
		ks, _ := OpenKeystore(root)
		ks.Seal, ks.Open = seal, seal
		return ks
	}
	check(opened())
	if n, err := opened().Convert(false); err != nil || n != 2 {
		t.Fatalf("decrypt: %d files, %v", n, err)
	}
	plain, _ := OpenKeystore(root)
	check(plain)
	if n, err := opened().Convert(true); err != nil || n != 2 {
		t.Fatalf("encrypt: %d files, %v", n, err)
	}
	noPlainSeed(t, root)
	check(opened())
}
