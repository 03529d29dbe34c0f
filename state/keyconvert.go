package state

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Convert seals every plain key file of the keystore (seal true, with
// k.Seal) or opens every sealed one (seal false, with k.Open), in place,
// one file at a time: the converted file is written to a temp file,
// fsynced, read back and checked to hold the same seeds, renamed into
// place, and only then is the old file removed. At every moment each key
// is readable from one file or the other, so a crash midway leaves a
// keystore that works, and running Convert again finishes the job. It
// returns how many files it converted.
func (k *Keystore) Convert(seal bool) (int, error) {
	if seal && k.Seal == nil || k.Open == nil && !seal {
		return 0, errors.New("keystore: converting needs a recipient to encrypt to, or the identity to decrypt with")
	}
	var files []string
	for _, dir := range []string{k.keysDir(), k.packsDir()} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return err
			}
			isKey := strings.HasSuffix(path, ".nk") || strings.HasSuffix(path, packExt)
			if seal && isKey || !seal && isSealed(path) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("keystore: %w", err)
		}
	}
	for i, path := range files {
		if err := k.convertFile(path, seal); err != nil {
			return i, err
		}
	}
	return len(files), nil
}

// convertFile converts one key file, as Convert says.
func (k *Keystore) convertFile(path string, seal bool) error {
	data, err := readPrivate(path, k.Root, maxPack)
	if err != nil {
		return err
	}
	defer wipe(data)
	pack := strings.HasSuffix(path, packExt) || strings.HasSuffix(path, sealedPackExt)
	plain, target := data, path+sealedExt
	if !seal {
		target = strings.TrimSuffix(path, sealedExt)
		if plain, err = k.openFile(path, data, pack); err != nil {
			return err
		}
		defer wipe(plain)
	}
	out := plain
	if seal {
		if out, err = k.sealFile(path, plain, pack); err != nil {
			return err
		}
	}
	if err := k.checkConverted(path, plain, out, seal, pack); err != nil {
		return err
	}
	if err := writeFileAtomic(target, out, 0o600); err != nil {
		return fmt.Errorf("keystore: writing %s: %w", target, err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("keystore: removing %s after converting it: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

// sealFile seals the plain content of a key file (a pack: its public
// keys listed in the clear before the sealed part).
func (k *Keystore) sealFile(path string, plain []byte, pack bool) ([]byte, error) {
	if !pack {
		out, err := k.Seal.Seal(plain)
		if err != nil {
			return nil, fmt.Errorf("keystore: sealing %s: %w", path, err)
		}
		return out, nil
	}
	keys, err := packKeys(path, plain)
	if err != nil {
		return nil, err
	}
	return k.sealPack(keys)
}

// openFile opens a sealed key file to its plain content.
func (k *Keystore) openFile(path string, data []byte, pack bool) ([]byte, error) {
	label := strings.TrimSuffix(filepath.Base(path), ".nk"+sealedExt)
	if !pack {
		return k.openSealed(path, label, data)
	}
	pubs, off, err := sealedPublicKeys(path, data)
	if err != nil {
		return nil, err
	}
	return k.openSealed(path, strings.Join(pubs, ", "), data[off:])
}

// checkConverted reads the converted content back, when it can, and
// checks that it holds the seeds of the original.
func (k *Keystore) checkConverted(path string, plain, out []byte, seal, pack bool) error {
	if !seal || k.Open == nil {
		return nil
	}
	back, err := k.openFile(path, out, pack)
	if err != nil {
		return fmt.Errorf("keystore: %s does not read back after sealing: %w", path, err)
	}
	defer wipe(back)
	if !bytes.Equal(bytes.TrimSpace(back), bytes.TrimSpace(plain)) {
		return fmt.Errorf("keystore: %s does not read back the same after sealing; it was left as it was", path)
	}
	return nil
}

// packKeys reads the keys of a plain pack, to be sealed.
func packKeys(path string, data []byte) ([]*NewKey, error) {
	var keys []*NewKey
	lines := bytes.Split(data, []byte{'\n'})
	for i, line := range lines[1:] {
		if len(line) == 0 {
			continue
		}
		pub, seed, ok := bytes.Cut(line, []byte{' '})
		if !ok {
			return nil, fmt.Errorf("keystore: %s line %d is not \"<public key> <seed>\"", path, i+2)
		}
		keys = append(keys, &NewKey{Public: string(pub), seed: bytes.Clone(seed)})
	}
	return keys, nil
}
