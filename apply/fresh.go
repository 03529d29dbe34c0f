package apply

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/natsplan/natsplan/state"
)

// freshKeys are the keys one apply creates. Writing a fleet's keys is
// mostly file system work, and the re-plan that follows key creation is
// mostly one core's work, so the writes run in the background while apply
// re-plans and signs; durable waits for them and flushes them to disk.
// Entities created here sign with their new key straight away (an account
// its users), without reading it back from the keystore.
type freshKeys struct {
	st     *state.State
	byAddr map[string]*state.NewKey
	byKey  map[string]*state.NewKey

	writes   *errgroup.Group
	queued   chan struct{} // closed when every write has been started
	batch    *state.KeyBatch
	once     sync.Once
	finalErr error
}

// write starts storing keys in the batch, a few at a time.
func (f *freshKeys) write(ctx context.Context, batch *state.KeyBatch, keys []*state.NewKey) {
	f.batch, f.queued = batch, make(chan struct{})
	f.writes, ctx = errgroup.WithContext(ctx)
	f.writes.SetLimit(ioWorkers())
	go func() {
		defer close(f.queued)
		for _, key := range keys {
			f.writes.Go(func() error {
				if err := ctx.Err(); err != nil {
					return err
				}
				return batch.Put(key)
			})
		}
	}()
}

// durable waits for every write and makes the keys durable. Until it has
// returned nil, no state may refer to them. It wipes the seeds from
// memory, so nothing may sign with a fresh key after it.
func (f *freshKeys) durable() error {
	f.once.Do(func() {
		<-f.queued
		err := f.writes.Wait()
		if err == nil {
			err = f.batch.Commit()
		}
		if err != nil {
			f.finalErr = fmt.Errorf("storing the new keys: %w", err)
		}
		for _, k := range f.byKey {
			k.Wipe()
		}
	})
	return f.finalErr
}

// count is the number of keys created.
func (f *freshKeys) count() int { return len(f.byAddr) }

// lookup answers the public key of an entity for the re-plan: a new key,
// or the one in state.
func (f *freshKeys) lookup(addr string) (string, bool) {
	if k, ok := f.byAddr[addr]; ok {
		return k.Public, true
	}
	if r := f.st.Get(addr); r != nil && r.PublicKey != "" {
		return r.PublicKey, true
	}
	return "", false
}

// signer returns the new key with public key pub, if this apply made it.
func (f *freshKeys) signer(pub string) (keyPair, bool) {
	if f == nil {
		return nil, false
	}
	k, ok := f.byKey[pub]
	return k, ok
}
