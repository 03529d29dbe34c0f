package adopt

import (
	"errors"
	"io/fs"

	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
)

// CopySeeds copies the seed of every key in keys from nsc's keys
// directory into natsplan's keystore, in one pack (state.KeyBatch: 0600,
// durable before it returns; one file per key spent a large store's time
// waiting for fsync). Keys the keystore holds already are left alone.
// Keys whose seed is not there are returned, not invented: natsplan then
// manages the entity but cannot sign for it, and apply says so when it
// would have to.
func CopySeeds(from *nscstore.Keys, to *state.Keystore, keys []Key) (copied int, missing []Key, err error) {
	found := make([]*state.NewKey, len(keys))
	errs := make([]error, len(keys))
	held := make([]bool, len(keys))
	defer func() {
		for _, k := range found {
			if k != nil {
				k.Wipe()
			}
		}
	}()
	parallel.For(len(keys), 64, func(i int) { // reading and decoding seeds is most of the work
		if held[i] = to.Has(keys[i].PublicKey); !held[i] {
			found[i], errs[i] = readSeed(from, keys[i].PublicKey)
		}
	})
	batch := to.Batch()
	for i, k := range keys {
		switch {
		case errors.Is(errs[i], fs.ErrNotExist):
			missing = append(missing, k)
		case errs[i] != nil:
			return 0, nil, errs[i]
		case held[i]:
			copied++
		default:
			if err := batch.Put(found[i]); err != nil {
				return 0, nil, err
			}
			copied++
		}
	}
	if err := batch.Commit(); err != nil {
		return 0, nil, err
	}
	return copied, missing, nil
}

// readSeed reads pub's seed from nsc's keys, as a key a batch can store.
func readSeed(from *nscstore.Keys, pub string) (*state.NewKey, error) {
	kp, err := from.Get(pub)
	if err != nil {
		return nil, err
	}
	defer kp.Wipe()
	return state.ExistingKey(kp)
}
