package state

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/nats-io/nkeys"
)

// Keystore holds nkey seeds in two places:
//
//	<Root>/keys/<kind letter>/<2nd and 3rd chars>/<public key>.nk
//	<Root>/packs/<time>-<random>.keys
//
// The first is nsc's layout, one file per key: keys nsc created (with
// NKEYS_PATH=Root) are read from there. The second holds the keys apply
// creates, one pack file per apply (keypack.go), because creating a file
// per key was the slowest part of creating a fleet. Files are 0600 and
// directories 0700. Errors name public keys and paths, never a seed or a
// file's content.
type Keystore struct {
	Root string

	// Seal, when set, seals every seed written; Open reads sealed seeds
	// (keyseal.go).
	Seal Sealer
	Open Opener

	packs packIndex
}

// DefaultKeystoreDir is where natsplan keeps seeds for a working directory.
func DefaultKeystoreDir(workdir string) string {
	return filepath.Join(workdir, ".natsplan", "keys")
}

// OpenKeystore opens the keystore at root, creating it (0700) when missing.
// It refuses one whose directories group or others can access: seeds that
// others could read must be treated as leaked, not quietly used. It also
// drops a .gitignore that ignores everything into root, so a keystore
// inside a repository is never committed by accident.
func OpenKeystore(root string) (*Keystore, error) {
	k := &Keystore{Root: root}
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("keystore %s is a file, not a directory; -keystore (or NATSPLAN_KEYSTORE) names the directory natsplan keeps nkey seeds in", root)
	}
	for _, dir := range []string{root, k.keysDir(), k.packsDir()} {
		if err := checkPrivate(dir, root, true); err != nil {
			return nil, err
		}
		if err := mkdirDurable(dir, 0o700); err != nil {
			return nil, fmt.Errorf("creating keystore: %w", err)
		}
	}
	if err := EnsureGitignore(root); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Keystore) keysDir() string { return filepath.Join(k.Root, "keys") }

// path returns where the seed of publicKey lives, after checking that
// publicKey is one (it becomes part of a path, so "../x" must not pass).
func (k *Keystore) path(publicKey string) (string, error) {
	if !nkeys.IsValidPublicKey(publicKey) {
		return "", fmt.Errorf("keystore: %q is not an nkey public key", publicKey)
	}
	return filepath.Join(k.keysDir(), publicKey[:1], publicKey[1:3], publicKey+".nk"), nil
}

// Has reports whether the keystore holds a seed for publicKey. It does not
// read the seed; Get does and checks it.
func (k *Keystore) Has(publicKey string) bool { return k.Find(publicKey) == nil }

// Find is Has with the reason: nil when the keystore holds a seed for
// publicKey, an error wrapping fs.ErrNotExist when it does not, another
// error when it cannot tell (a pack others can read is refused).
func (k *Keystore) Find(publicKey string) error {
	p, err := k.path(publicKey)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(p); (err == nil && fi.Mode().IsRegular()) || statSealed(p) {
		return nil
	}
	_, err = k.packs.find(k.packsDir(), k.Root, publicKey)
	return err
}

// EnsureGitignore writes dir/.gitignore containing "*" unless a .gitignore
// is already there (git honours nested .gitignore files, so this keeps the
// whole directory out of any repository it sits in).
func EnsureGitignore(dir string) error {
	p := filepath.Join(dir, ".gitignore")
	if _, err := os.Lstat(p); err == nil {
		return nil
	}
	if err := writeFileAtomic(p, []byte("*\n"), 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}
