package nscstore

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// Keys reads seeds from nsc's keys directory, <dir>/keys/<kind>/<2
// chars>/<public key>.nk. It never writes there: natsplan's keystore
// reads the same layout, so Keys is a keystore that is only read from
// (its Get checks that each file is private to its owner and holds the
// seed of the key it is named after).
type Keys struct {
	Dir string
	ks  *state.Keystore
}

// DefaultKeysDir is where nsc keeps its keys: NKEYS_PATH, else its data
// directory ($XDG_DATA_HOME or ~/.local/share, then nats/nsc/keys).
func DefaultKeysDir() string {
	if p := os.Getenv("NKEYS_PATH"); p != "" {
		return p
	}
	data := os.Getenv("XDG_DATA_HOME")
	if data == "" {
		home, _ := os.UserHomeDir()
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "nats", "nsc", "keys")
}

// OpenKeys opens nsc's keys directory dir (the one holding keys/ and
// creds/). The keys/ folder itself is accepted too, as people point at it.
func OpenKeys(dir string) (*Keys, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("nsc keys directory: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("nsc keys directory %s is not a directory", dir)
	}
	root := dir
	if !isDir(filepath.Join(dir, "keys")) && filepath.Base(dir) == "keys" && hasKindDirs(dir) {
		root = filepath.Dir(dir)
	}
	return &Keys{Dir: dir, ks: &state.Keystore{Root: root}}, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func hasKindDirs(dir string) bool {
	for _, k := range []string{"O", "A", "U"} {
		if isDir(filepath.Join(dir, k)) {
			return true
		}
	}
	return false
}

// Get returns the key pair of pub. A seed that is not there gives an
// error wrapping fs.ErrNotExist.
func (k *Keys) Get(pub string) (nkeys.KeyPair, error) { return k.ks.Get(pub) }
