package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/natsplan/natsplan/internal/buildinfo"
)

// Write saves s at path as serial s.Serial+1 and, on success, updates
// s.Serial. The order of steps keeps a readable state on disk at every
// instant:
//
//  1. the new content goes to a temp file in the same directory, fsynced;
//  2. the current file's bytes are saved as path+".backup" (atomically);
//  3. the temp file is renamed over path and the directory fsynced.
//
// A crash before 3 leaves the old state in place; after 3, the new one.
// Write refuses a state that contains an nkey seed, a state of another
// lineage, a state older than the file (another run wrote in between) and
// a current file that does not decode (it may be the only copy of
// something; Read explains how to restore it). A path that is a symbolic
// link is written through: the file it leads to is replaced, and the
// backup kept beside that file.
func Write(path string, s *State) error {
	path, err := writeTarget(path) // a link is written through (statepath.go)
	if err != nil {
		return err
	}
	if err := checkNotDir(path); err != nil {
		return err
	}
	if s.Lineage == "" {
		s.Lineage = newLineage()
	}
	data, err := encode(s, s.Serial+1)
	if err != nil {
		return err
	}
	if where, found := findSecret(s, data); found {
		return fmt.Errorf("refusing to write state %s: %s contains what looks like an nkey seed or private key; seeds belong only in the keystore", path, where)
	}
	prev, err := currentForWrite(path, s)
	if err != nil {
		return err
	}
	if err := replace(path, prev, data); err != nil {
		return fmt.Errorf("writing state %s: %w", path, err)
	}
	s.Serial++
	s.Version = FormatVersion
	s.NatsplanVersion = buildinfo.Version()
	return nil
}

// encode renders s as it will be stored with the given serial, without
// changing s (so a failed write leaves the caller's state as it was).
// encoding/json sorts map keys, so resources come out sorted by address and
// the file diffs cleanly.
func encode(s *State, serial uint64) ([]byte, error) {
	if err := s.unloaded(); err != nil {
		return nil, err
	}
	out := *s
	out.Version = FormatVersion
	out.Serial = serial
	out.NatsplanVersion = buildinfo.Version()
	if out.Resources == nil {
		out.Resources = map[string]*Resource{}
	}
	if handCoded {
		return append(encodeJSON(&out), '\n'), nil
	}
	data, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding state: %w", err)
	}
	return append(data, '\n'), nil
}

// currentForWrite returns the bytes of the state file that Write is about
// to replace (nil if there is none) after checking that s may replace it.
func currentForWrite(path string, s *State) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading state before writing it: %w", err)
	}
	cur, err := decode(data)
	if err != nil {
		return nil, corruptError(path, err)
	}
	if cur.Lineage != s.Lineage {
		return nil, fmt.Errorf("refusing to overwrite state %s: it has lineage %s, the state being written has %s (they are different states)", path, cur.Lineage, s.Lineage)
	}
	if cur.Serial > s.Serial {
		return nil, fmt.Errorf("refusing to overwrite state %s: it is at serial %d but the state being written was read at serial %d; another run changed it, run plan again", path, cur.Serial, s.Serial)
	}
	return data, nil
}

// replace performs the three steps described on Write.
func replace(path string, prev, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, "."+filepath.Base(path)+".tmp-*", data, 0o644)
	if err != nil {
		return err
	}
	if prev != nil {
		if err := keepBackup(path, prev); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("keeping backup: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

// keepBackup makes the current state file the backup. Rather than write
// its bytes again (a large state is over 100 MB, written and flushed a
// second time), it gives the file a second name: a hard link under a temp
// name, renamed over the backup. The rename of the new state over path
// then leaves the old file under the backup name only. The old file is
// flushed first, in case it was last written by something that did not.
// Where hard links are not available, prev is written out as before.
func keepBackup(path string, prev []byte) error {
	backup := path + BackupSuffix
	if err := syncFile(path); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(backup)+".tmp-"+newID())
	if err := os.Link(path, tmp); err != nil {
		return writeFileAtomic(backup, prev, 0o644)
	}
	if err := os.Rename(tmp, backup); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
