package adopt

import (
	"errors"
	"io/fs"

	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
)

// CopySeeds copies the seed of every key in keys from nsc's keys
// directory into natsplan's keystore (Put writes 0600 files in 0700
// directories and refuses to replace a different seed). Keys whose seed
// is not there are returned, not invented: natsplan then manages the
// entity but cannot sign for it, and apply says so when it would have to.
func CopySeeds(from *nscstore.Keys, to *state.Keystore, keys []Key) (copied int, missing []Key, err error) {
	for _, k := range keys {
		kp, err := from.Get(k.PublicKey)
		if errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, k)
			continue
		}
		if err != nil {
			return copied, missing, err
		}
		err = to.Put(kp)
		kp.Wipe()
		if err != nil {
			return copied, missing, err
		}
		copied++
	}
	return copied, missing, nil
}
