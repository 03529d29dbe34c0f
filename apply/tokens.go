package apply

// Activation tokens that cross the boundary of what natsplan manages: a
// token an importer fetches from a URL (tokenfetch.go), and a token
// written to a file for an account natsplan does not manage, to hand over.
// Tokens are public: files are written at mode 0644, atomically, and only
// where the guard allows (never the state or the keystore).

import (
	"errors"
	"fmt"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/safefile"
	"github.com/natsplan/natsplan/state"
)

// stagedTokens are the token files of one apply: written under temp
// names before the state is written, so that a file that cannot be
// written (its directory is a file, the disk is full) stops the apply
// with the state unchanged; renamed into place once the state is written,
// so that no file holds a token the state does not.
type stagedTokens []*safefile.Staged

// stageTokenFiles stages the token of every grant final signs that names
// a token_file, and of every token file the reviewed plan writes from the
// state (planner.TokenFile), each checked with guard first.
func stageTokenFiles(reviewed, final *planner.Plan, next *state.State, guard *safefile.Guard) (stagedTokens, error) {
	var staged stagedTokens
	for _, c := range final.Changes {
		if c.Action == planner.Delete || c.Kind != state.KindGrant || c.Desired.TokenFile == "" {
			continue
		}
		if err := staged.add(c.Address, c.Desired.TokenFile, next, guard); err != nil {
			return nil, err
		}
	}
	for _, f := range reviewed.TokenFiles {
		if err := staged.add(f.Address, f.Path, next, guard); err != nil {
			return nil, err
		}
	}
	return staged, nil
}

// add stages one token file; on error it discards what was staged.
func (s *stagedTokens) add(addr, path string, next *state.State, guard *safefile.Guard) error {
	err := guard.Check(path)
	r := next.Resources[addr]
	if err == nil && r == nil {
		err = errors.New("internal error: the grant is not in the new state")
	}
	var f *safefile.Staged
	if err == nil {
		f, err = safefile.Stage(path, []byte(r.JWT+"\n"), 0o644)
	}
	if err != nil {
		s.discard()
		return fmt.Errorf("%s: writing its token file: %w", addr, err)
	}
	*s = append(*s, f)
	return nil
}

// commit renames every staged file into place, going on past a failure
// so that as many files as possible match the state; it returns the
// first error.
func (s stagedTokens) commit() error {
	var first error
	for _, f := range s {
		if err := f.Commit(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// discard removes what is staged and not committed.
func (s stagedTokens) discard() {
	for _, f := range s {
		f.Discard()
	}
}

// StateWrittenError is an apply error that came after the state was
// written: a token file could not be renamed into place. The state is
// right; the next plan shows the token files still to write (they do not
// hold the state's token) and apply writes them without signing.
type StateWrittenError struct {
	Err    error
	Serial uint64 // of the state written
}

func (e *StateWrittenError) Error() string { return e.Err.Error() }
func (e *StateWrittenError) Unwrap() error { return e.Err }
