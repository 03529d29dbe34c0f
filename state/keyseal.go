package state

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

// A keystore can keep its seeds sealed (encrypted; custody.Age seals with
// age): with Seal set, every seed it writes is sealed, and nothing of a
// seed in plain text reaches the disk; with Open set, it reads sealed
// seeds. The keystore knows nothing of the cipher: it is handed the two
// functions, as age's Recipient and Identity are handed to age.
//
// A sealed pack (<Root>/packs/*.keys.age) lists its public keys in plain
// text before the sealed seeds, so the keystore can say which keys it
// holds (Has) without the identity, and an error can name the key that
// could not be read. A sealed nsc-layout file is <public key>.nk.age.

// Sealer seals the plain content of a key file.
type Sealer interface {
	Seal(plain []byte) ([]byte, error)
}

// Opener opens what a Sealer sealed.
type Opener interface {
	Open(sealed []byte) ([]byte, error)
}

const (
	sealedExt       = ".age"
	sealedPackExt   = packExt + sealedExt
	sealedHeader    = "# natsplan sealed key pack 1: the public keys it holds, then their seeds, encrypted with age: only the identity reads them.\n"
	sealedSeparator = "-- sealed --\n"
)

// sealPack is the content of a sealed pack holding keys.
func (k *Keystore) sealPack(keys []*NewKey) ([]byte, error) {
	plain := encodePack(keys)
	defer wipe(plain)
	sealed, err := k.Seal.Seal(plain)
	if err != nil {
		return nil, fmt.Errorf("keystore: sealing %d new keys: %w", len(keys), err)
	}
	var b bytes.Buffer
	b.WriteString(sealedHeader)
	for _, key := range keys {
		b.WriteString(key.Public + "\n")
	}
	b.WriteString(sealedSeparator)
	b.Write(sealed)
	return b.Bytes(), nil
}

// sealedPublicKeys reads the public keys a sealed pack lists, and where
// its sealed part starts.
func sealedPublicKeys(path string, data []byte) ([]string, int, error) {
	if !bytes.HasPrefix(data, []byte(sealedHeader[:strings.IndexByte(sealedHeader, ':')])) {
		return nil, 0, fmt.Errorf("keystore: %s is not a sealed natsplan key pack (its first line is wrong)", path)
	}
	off := bytes.IndexByte(data, '\n') + 1
	var pubs []string
	for {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			return nil, 0, fmt.Errorf("keystore: %s is truncated", path)
		}
		line := string(data[off : off+end+1])
		off += end + 1
		if line == sealedSeparator {
			return pubs, off, nil
		}
		pubs = append(pubs, strings.TrimSuffix(line, "\n"))
	}
}

// openSealed opens sealed content of path, which holds pub's seed.
func (k *Keystore) openSealed(path, pub string, sealed []byte) ([]byte, error) {
	if k.Open == nil {
		return nil, fmt.Errorf("keystore: the seed of %s is encrypted (%s), and no identity to read it was given: "+
			"set -keystore-age-identity=FILE or NATSPLAN_KEYSTORE_AGE_IDENTITY", pub, path)
	}
	plain, err := k.Open.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("keystore: the seed of %s in %s cannot be decrypted with the identity given: %v", pub, path, err)
	}
	return plain, nil
}

// sealedSeed reads pub's sealed nsc-layout file, path+".age".
func (k *Keystore) sealedSeed(pub, path string) ([]byte, error) {
	sealed, err := readPrivate(path+sealedExt, k.Root, maxKeyFile*4)
	if err != nil {
		return nil, err
	}
	plain, err := k.openSealed(path+sealedExt, pub, sealed)
	if err != nil {
		return nil, err
	}
	defer wipe(plain)
	return bytes.Clone(bytes.TrimSpace(plain)), nil
}

// Forget wipes the seeds of sealed packs opened so far.
func (k *Keystore) Forget() { k.packs.forget() }

// isSealed reports whether a file of the keystore is sealed.
func isSealed(path string) bool { return strings.HasSuffix(path, sealedExt) }

// statSealed reports whether pub has a sealed nsc-layout file at path.
func statSealed(path string) bool {
	fi, err := os.Stat(path + sealedExt)
	return err == nil && fi.Mode().IsRegular()
}
