package apply

import (
	"fmt"
	"sync"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// freshKeys are the keys one apply creates. They are stored together,
// as one pack (state.KeyBatch), while apply signs; until durable has
// returned nil no state may refer to them. Entities created here sign
// with their new key straight away (an account its users), without
// reading it back from the keystore.
type freshKeys struct {
	st     *state.State
	byAddr map[string]*state.NewKey
	byKey  map[string]*state.NewKey
	keys   []*state.NewKey   // in address order, as the pack lists them
	remote map[string]string // address -> key a signer made (no seed here)

	// placeholders is set when the plan has placeholder keys, not keys a
	// KeyMaker made: it must be made again with the real keys.
	placeholders bool

	batch    *state.KeyBatch
	stored   chan error // the result of store, once it is done
	once     sync.Once
	finalErr error
}

// store writes the keys to their pack in the background (the disk's work
// overlaps signing); durable waits for it.
func (f *freshKeys) store() {
	f.stored = make(chan error, 1)
	go func() {
		var err error
		if len(f.keys) == 0 {
			f.stored <- nil
			return
		}
		for _, k := range f.keys {
			if err == nil {
				err = f.batch.Put(k)
			}
		}
		if err == nil {
			err = f.batch.Commit()
		}
		f.stored <- err
	}()
}

// durable waits until the keys are stored and durable. It wipes the seeds
// from memory, so nothing may sign with a fresh key after it.
func (f *freshKeys) durable() error {
	f.once.Do(func() {
		if err := <-f.stored; err != nil {
			f.finalErr = fmt.Errorf("storing the new keys: %w", err)
		}
		for _, k := range f.byKey {
			k.Wipe()
		}
	})
	return f.finalErr
}

// count is the number of keys created.
func (f *freshKeys) count() int { return len(f.byAddr) + len(f.remote) }

// lookup answers the public key of an entity for the re-plan: a new key,
// or the one in state.
func (f *freshKeys) lookup(addr string) (string, bool) {
	if k, ok := f.byAddr[addr]; ok {
		return k.Public, true
	}
	if pub, ok := f.remote[addr]; ok {
		return pub, true
	}
	// The state's keys, signing keys too (on their owner's resource):
	// one of them left unknown would read as a new key to make.
	return planner.StateKeys(f.st)(addr)
}

// made maps each new public key to the address of its entity.
func (f *freshKeys) made() map[string]string {
	out := make(map[string]string, f.count())
	for addr, k := range f.byAddr {
		out[k.Public] = addr
	}
	for addr, pub := range f.remote {
		out[pub] = addr
	}
	return out
}

// signer returns the new key with public key pub, if this apply made it.
func (f *freshKeys) signer(pub string) (keyPair, bool) {
	if f == nil {
		return nil, false
	}
	k, ok := f.byKey[pub]
	return k, ok
}
