package state

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// BackupSuffix is appended to the state path to name the previous version
// that Write keeps.
const BackupSuffix = ".backup"

// Read loads the state at path. A missing file is a fresh start: an empty
// state with serial 0 and no lineage yet (Write gives it one), so that a
// plan saved against "no state" still matches when it is applied. A file that exists but does not decode gives a
// *CorruptError and is never touched.
func Read(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Version: FormatVersion, Resources: map[string]*Resource{}}, nil
	}
	if err != nil {
		if derr := checkNotDir(path); derr != nil {
			return nil, derr
		}
		return nil, fmt.Errorf("reading state: %w", err)
	}
	s, err := decode(data)
	if err != nil {
		return nil, corruptError(path, err)
	}
	return s, nil
}

// corruptError builds the error for a damaged state file, pointing at the
// backup only when the backup itself decodes.
func corruptError(path string, err error) *CorruptError {
	ce := &CorruptError{Path: path, Err: err}
	bpath := path + BackupSuffix
	if target, terr := writeTarget(path); terr == nil {
		bpath = target + BackupSuffix // where Write keeps it
	}
	if data, rerr := os.ReadFile(bpath); rerr == nil {
		if b, derr := decode(data); derr == nil {
			ce.BackupPath, ce.BackupSerial = bpath, b.Serial
		}
	}
	return ce
}

// decode parses a state file strictly: unknown fields, repeated keys,
// trailing data, a missing or newer version, or a missing lineage are
// errors, because guessing at a file we do not fully understand could drop
// entities (and then sign their deletion). The result shares data's
// memory (see decodeJSON).
func decode(data []byte) (*State, error) {
	s, err := decodeFast(data, nil)
	if err != nil {
		return nil, err
	}
	return s, s.check()
}

// check validates what JSON decoding alone cannot.
func (s *State) check() error {
	switch {
	case s.Version > FormatVersion:
		return fmt.Errorf("format version %d is newer than this natsplan understands (%d); upgrade natsplan", s.Version, FormatVersion)
	case s.Version < 1:
		return errors.New("missing format version")
	case s.Lineage == "":
		return errors.New("missing lineage")
	}
	if s.Resources == nil {
		s.Resources = map[string]*Resource{}
	}
	for addr, r := range s.Resources {
		if r == nil {
			return fmt.Errorf("resource %q is null", addr)
		}
	}
	return nil
}
