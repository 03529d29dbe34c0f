package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/natsplan/natsplan/internal/buildinfo"
)

// Backend is where a state is kept: the local file (File) or a remote
// store (the JetStream key-value bucket of package statekv). The rest of
// natsplan reads, writes and locks the state through it and never knows
// which one it has, the way Terraform's state managers work.
//
// Every Backend keeps the file's rules: Read of a state that does not
// exist yet is an empty state with serial 0; Write stores s as serial
// s.Serial+1 and updates s, and refuses a state of another lineage, one
// older than what is stored, one read by ReadLazy, and one holding a seed;
// a reader sees one serial whole or the next one whole, never a mix.
// What a Backend returns is untrusted like the file (package trust
// checks it before anything is signed on top of it).
type Backend interface {
	Read() (*State, error)
	ReadLazy() (*State, error)
	Write(s *State) error
	// Replace stores s with its own lineage and serial over whatever is
	// stored (state push -force, state migrate); the seed and lazy
	// refusals of Write still hold.
	Replace(s *State) error
	// Lock takes the exclusive lock a writing command holds from before
	// it plans until it is done, waiting up to timeout (0: try once); a
	// busy lock is a *LockedError naming the holder.
	Lock(ctx context.Context, timeout time.Duration, operation string) (*HeldLock, error)
	// ForceUnlock removes the lock whose record has the given id.
	ForceUnlock(id string) error
	// Holder is the record of the current lock holder, nil if unlocked.
	Holder() (*LockInfo, error)
	// String names the state for messages; it never holds a credential.
	String() string
}

// File is the state kept in a local file: the default backend.
type File struct{ Path string }

var _ Backend = File{}

func (f File) Read() (*State, error)     { return Read(f.Path) }
func (f File) ReadLazy() (*State, error) { return ReadLazy(f.Path) }
func (f File) Write(s *State) error      { return Write(f.Path, s) }
func (f File) ForceUnlock(id string) error {
	return ForceUnlock(f.Path, id)
}
func (f File) String() string { return f.Path }

func (f File) Lock(ctx context.Context, timeout time.Duration, operation string) (*HeldLock, error) {
	return Lock(ctx, f.Path, timeout, operation)
}

// Holder reads the record in the lock file. A record left by a holder
// that died is returned too: the file cannot tell it from a live one
// without taking the lock.
func (f File) Holder() (*LockInfo, error) {
	data, err := os.ReadFile(f.Path + LockSuffix)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseLockInfo(data), nil
}

// CheckWritable is Write's refusals for a remote backend, before it
// stores anything: a state from ReadLazy (its JWTs are not in it) and a
// state with something shaped like a seed in it.
func CheckWritable(s *State) error {
	if err := s.unloaded(); err != nil {
		return err
	}
	data, err := json.Marshal(s.Resources)
	if err != nil {
		return fmt.Errorf("encoding state: %w", err)
	}
	if where, found := findSecret(s, data); found {
		return fmt.Errorf("refusing to write the state: %s contains what looks like an nkey seed or private key; seeds belong only in the keystore", where)
	}
	return nil
}

// Written updates s after a remote backend stored it as the next serial,
// as Write does for the file. It returns the lineage s is stored with
// (a new one for a state written the first time) when called with
// commit false, and updates s when commit is true.
func Written(s *State, commit bool) string {
	if s.Lineage == "" {
		s.Lineage = newLineage()
	}
	if commit {
		s.Serial++
		s.Version = FormatVersion
		s.NatsplanVersion = buildinfo.Version()
	}
	return s.Lineage
}

// NewLockInfo is the record a lock taken now by this process carries.
func NewLockInfo(operation string) LockInfo {
	host, _ := os.Hostname()
	return LockInfo{ID: newID(), Operation: operation, PID: os.Getpid(), Host: host,
		Created: time.Now().UTC().Truncate(time.Second)}
}

// ParseLockInfo decodes a lock record; nil if data holds none.
func ParseLockInfo(data []byte) *LockInfo { return parseLockInfo(data) }

// RemoteLock is a lock held in a remote backend: release gives it up.
// stale is the record of a previous holder that died holding it, if any.
func RemoteLock(where string, info LockInfo, stale *LockInfo, release func() error) *HeldLock {
	return &HeldLock{Path: where, Info: info, Stale: stale, release: release}
}

// Replace stores s at path as it is, with its own lineage and serial,
// whatever the file holds now (kept as the backup, as Write keeps it):
// `state push -force` and `state migrate`. It refuses a lazy state and
// one with a seed in it.
func Replace(path string, s *State) error {
	path, err := writeTarget(path)
	if err != nil {
		return err
	}
	if s.Lineage == "" {
		return fmt.Errorf("refusing to write state %s: the state has no lineage", path)
	}
	data, err := encode(s, s.Serial)
	if err != nil {
		return err
	}
	if where, found := findSecret(s, data); found {
		return fmt.Errorf("refusing to write state %s: %s contains what looks like an nkey seed or private key; seeds belong only in the keystore", path, where)
	}
	prev, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading state before writing it: %w", err)
	}
	if err := replace(path, prev, data); err != nil {
		return fmt.Errorf("writing state %s: %w", path, err)
	}
	return nil
}

func (f File) Replace(s *State) error { return Replace(f.Path, s) }

// Encode renders s in the state file's format, at its own serial.
func Encode(s *State) ([]byte, error) { return encode(s, s.Serial) }

// Decode parses data in the state file's format, as strictly as Read
// parses a file (package statekv keeps its shards in this format so that
// they are read with the same fast decoder).
func Decode(data []byte) (*State, error) { return decode(data) }
