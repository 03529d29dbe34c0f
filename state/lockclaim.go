package state

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// claim records this process in a lock file whose flock it holds. A record
// already there belongs to a holder that died without unlocking (a clean
// Unlock removes the file), and is returned as Stale.
func claim(f *os.File, lockPath, operation string) (*HeldLock, error) {
	old, err := io.ReadAll(io.LimitReader(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", lockPath, err)
	}
	host, _ := os.Hostname()
	l := &HeldLock{Path: lockPath, f: f, Info: LockInfo{
		ID: newID(), Operation: operation, PID: os.Getpid(), Host: host,
		Created: time.Now().UTC().Truncate(time.Second),
	}}
	if len(old) > 0 {
		// A record cut short by the crash is still worth a warning.
		if l.Stale = parseLockInfo(old); l.Stale == nil {
			l.Stale = &LockInfo{}
		}
	}
	data, _ := json.Marshal(&l.Info)
	if err := f.Truncate(0); err != nil {
		return nil, err
	}
	if _, err := f.WriteAt(append(data, '\n'), 0); err != nil {
		return nil, err
	}
	return l, f.Sync()
}

// Unlock releases the lock and removes its file, so the next Lock finds no
// record and does not report a stale holder. The file is removed only if
// it is still ours: after a force-unlock it may belong to someone else.
// Calling Unlock again, even from another goroutine (a signal handler and
// a deferred call, say), is a no-op.
func (l *HeldLock) Unlock() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if rel := l.release; rel != nil {
		l.release = nil
		return rel()
	}
	if l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	var err error
	if stillAt(f, l.Path) {
		err = os.Remove(l.Path)
	}
	if cerr := f.Close(); err == nil { // closing releases the flock
		err = cerr
	}
	return err
}
