package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// LockSuffix is appended to the state path to name its lock file.
const LockSuffix = ".lock"

// LockInfo is the record a lock holder writes into the lock file, so that
// a process that finds the state locked can say who holds it.
type LockInfo struct {
	ID        string    `json:"id"`        // random; force-unlock must quote it
	Operation string    `json:"operation"` // "apply", "import", ...
	PID       int       `json:"pid"`
	Host      string    `json:"host"`
	Created   time.Time `json:"created"`
}

func (i *LockInfo) String() string {
	return fmt.Sprintf("%q (pid %d on host %s, since %s)", i.Operation, i.PID, i.Host, i.Created.Format(time.RFC3339))
}

// LockedError is returned by Lock when another process holds the lock
// after the timeout.
type LockedError struct {
	Path   string    // the lock file
	Holder *LockInfo // nil if the holder had not written its record yet
	Waited time.Duration
}

func (e *LockedError) Error() string {
	waited := e.Waited.Round(100 * time.Millisecond)
	if e.Holder == nil {
		return fmt.Sprintf("state is locked by another process (lock file %s, no details recorded yet); waited %s. Retry later or raise -lock-timeout", e.Path, waited)
	}
	return fmt.Sprintf("state is locked by %s; waited %s. Retry later, raise -lock-timeout, or if that process is gone run: natsplan force-unlock %s",
		e.Holder, waited, e.Holder.ID)
}

// parseLockInfo decodes a lock file's content; nil if it holds no record
// (a lock released cleanly is removed, one being written may be empty).
func parseLockInfo(data []byte) *LockInfo {
	var info LockInfo
	if len(data) == 0 || json.Unmarshal(data, &info) != nil {
		return nil
	}
	return &info
}

// ForceUnlock removes the lock file of the state at path if the record in it
// has the given id. Requiring the id makes sure a person removes the lock
// they were told about, not a newer one taken since. Use it only when the
// holder is hung or unreachable: a holder that exited has already released
// its flock.
func ForceUnlock(path, id string) error {
	lockPath := path + LockSuffix
	data, err := os.ReadFile(lockPath)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("state %s is not locked (no %s)", path, lockPath)
	}
	if err != nil {
		return err
	}
	info := parseLockInfo(data)
	if info == nil {
		return fmt.Errorf("lock file %s holds no readable lock record; if no natsplan is running, remove it by hand", lockPath)
	}
	if info.ID != id {
		return fmt.Errorf("lock id mismatch: the lock on %s has id %s, held by %s, not %s", path, info.ID, info, id)
	}
	return os.Remove(lockPath)
}
