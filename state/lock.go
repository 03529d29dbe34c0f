package state

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// lockPoll is how often a waiting Lock retries.
const lockPoll = 50 * time.Millisecond

// HeldLock is a lock on a state, returned by Lock. (It is not called Lock
// because a Go package cannot have a type and a function of the same name.)
type HeldLock struct {
	Path string   // the lock file
	Info LockInfo // the record this process wrote
	// Stale is the record of a previous holder that died without
	// unlocking (its process was killed or its host crashed), nil normally.
	// Whatever it was doing stopped part way; the CLI should warn and
	// suggest a plan, which shows what is left to do.
	Stale *LockInfo

	mu sync.Mutex // guards f and release
	f  *os.File
	// release gives up a lock held in a remote backend (RemoteLock).
	release func() error
}

// Lock takes the exclusive lock on the state at path, retrying every 50ms
// for up to timeout (0: try once) unless ctx ends first. When it cannot, it
// returns a *LockedError that names the holder.
func Lock(ctx context.Context, path string, timeout time.Duration, operation string) (*HeldLock, error) {
	lockPath := path + LockSuffix
	start := time.Now()
	for {
		l, holder, err := tryLock(lockPath, operation)
		if l != nil || err != nil {
			return l, err
		}
		waited := time.Since(start)
		lerr := &LockedError{Path: lockPath, Holder: holder, Waited: waited}
		if waited >= timeout {
			return nil, lerr
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (%w)", lerr, ctx.Err())
		case <-time.After(min(lockPoll, timeout-waited)):
		}
	}
}

// tryLock makes one attempt. It returns the lock, or the holder's record
// (nil if none was readable) when the lock is busy.
func tryLock(lockPath, operation string) (*HeldLock, *LockInfo, error) {
	// Unlock removes the lock file while holding the flock, so we may lock
	// a file that is no longer at lockPath; then someone else may hold the
	// new one. A few retries settle that race.
	for range 10 {
		f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("opening state lock: %w", err)
		}
		got, err := tryFlock(f)
		if err != nil || !got {
			data, _ := io.ReadAll(io.LimitReader(f, 1<<16))
			f.Close()
			if err != nil {
				return nil, nil, fmt.Errorf("locking %s: %w", lockPath, err)
			}
			return nil, parseLockInfo(data), nil
		}
		if !stillAt(f, lockPath) {
			f.Close()
			continue
		}
		l, err := claim(f, lockPath, operation)
		if err != nil {
			f.Close()
		}
		return l, nil, err
	}
	return nil, nil, nil
}

// stillAt reports whether f is the file currently named path.
func stillAt(f *os.File, path string) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	pi, err := os.Stat(path)
	return err == nil && os.SameFile(fi, pi)
}
