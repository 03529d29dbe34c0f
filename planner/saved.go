package planner

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/safefile"
)

// SavedFormat is the format version of saved plan files. Format 2 binds
// the claims of every change and every input the evaluation read;
// format 1 bound the *.hcl files only, and is refused.
const SavedFormat = 2

// Saved is a plan written by `plan -out`. It holds what the plan was made
// from and what it will do, as addresses, actions and digests: never a
// key, a seed, a JWT or a variable's value. Apply plans again and refuses
// a saved plan whose origin moved or whose changes differ (Check).
type Saved struct {
	FormatVersion int    `json:"format_version"`
	StateLineage  string `json:"state_lineage"`
	StateSerial   uint64 `json:"state_serial"`
	// ConfigDigest is lang.Config.Digest: the *.hcl files and the
	// variable values given from outside.
	ConfigDigest string `json:"config_digest"`
	// Inputs are the files read by file(), the -var-file files and the
	// variables given from outside, each by digest (lang.Input).
	Inputs  []lang.Input  `json:"inputs"`
	Changes []SavedChange `json:"changes"`
	// TokenFiles are the token files apply will write from the state
	// without signing (Plan.TokenFiles): part of what was reviewed too.
	TokenFiles []SavedTokenFile `json:"token_files,omitempty"`
	// Replace are the addresses -replace asked a new key for: apply
	// must be given the same ones (replaceMoved).
	Replace []string `json:"replace,omitempty"`
}

// SavedTokenFile is one token file a saved plan will write.
type SavedTokenFile struct {
	Address string `json:"address"`
	Path    string `json:"path"`
}

// SavedChange is one planned change in a saved plan. Digest is the
// change's SignedDigest, the claims apply will sign; empty for a
// deletion.
type SavedChange struct {
	Address string `json:"address"`
	Action  string `json:"action"`
	Digest  string `json:"digest,omitempty"`
}

// Save returns the saved form of p. The claims of every change are
// digested, on all cores: a first plan of a large fleet creates every
// entity.
func (p *Plan) Save() *Saved {
	s := &Saved{FormatVersion: SavedFormat, StateLineage: p.StateLineage, StateSerial: p.StateSerial,
		ConfigDigest: p.ConfigDigest, Inputs: append([]lang.Input{}, p.Inputs...),
		Changes: make([]SavedChange, len(p.Changes)), Replace: append([]string(nil), p.Replaced...)}
	parallel.For(len(p.Changes), 64, func(i int) {
		c := p.Changes[i]
		s.Changes[i] = SavedChange{Address: c.Address, Action: string(c.Action), Digest: p.SignedDigest(c)}
	})
	for _, t := range p.TokenFiles {
		s.TokenFiles = append(s.TokenFiles, SavedTokenFile{Address: t.Address, Path: t.Path})
	}
	return s
}

// WriteSaved writes a saved plan to path, atomically (temp file, fsync,
// rename). Callers check first that path may be written (safefile.Guard).
func WriteSaved(path string, s *Saved) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return safefile.Write(path, append(b, '\n'), 0o644) // atomically
}

// ReadSaved reads a saved plan.
func ReadSaved(path string) (*Saved, error) {
	b, err := os.ReadFile(path)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is in the message already
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the saved plan %s: %w (a saved plan is the file plan -out writes)", path, err)
	}
	var s Saved
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s is not a saved plan: %w", path, err)
	}
	switch {
	case s.FormatVersion < SavedFormat:
		return nil, fmt.Errorf("%s is a saved plan of format %d, made by an older natsplan, which did not bind the claims of each change; make the plan again (plan -out)", path, s.FormatVersion)
	case s.FormatVersion != SavedFormat:
		return nil, fmt.Errorf("%s is a saved plan of format %d; this natsplan reads format %d", path, s.FormatVersion, SavedFormat)
	}
	return &s, nil
}

// StaleError is a saved plan refused by Check, with every reason found.
type StaleError struct{ Reasons []string }

// Error lists the reasons, as one message.
func (e *StaleError) Error() string {
	return "saved plan is stale: " + strings.Join(e.Reasons, "; ") + "; run plan again"
}

// Check refuses a saved plan that no longer describes what applying now
// would do: made against another state, or from other inputs, or with
// other changes or other claims than now (the plan made now) has. The
// error says what moved: the inputs that changed and the entities whose
// claims would move.
func (s *Saved) Check(now *Plan) error {
	if why := s.stateMoved(now); why != "" {
		return &StaleError{Reasons: []string{why}}
	}
	why, variables := inputsMoved(s.Inputs, now.Inputs)
	// A variable given from outside is in the configuration digest too:
	// reported once, as the variable.
	if s.ConfigDigest != now.ConfigDigest && !variables {
		why = append(why, fmt.Sprintf("the configuration changed since the plan was made (digest %.12s then, %.12s now)",
			s.ConfigDigest, now.ConfigDigest))
	}
	why = append(why, s.changesMoved(now)...)
	why = append(why, s.tokenFilesMoved(now)...)
	why = append(why, s.replaceMoved(now)...)
	if len(why) > 0 {
		return &StaleError{Reasons: why}
	}
	return nil
}

func (s *Saved) stateMoved(now *Plan) string {
	switch {
	case s.StateLineage == "" && now.StateLineage != "":
		return fmt.Sprintf("it was made before the state existed, and the state has been written since (serial %d)", now.StateSerial)
	case s.StateLineage != now.StateLineage:
		return fmt.Sprintf("it was made for another state (lineage %s, this state is %s)", s.StateLineage, now.StateLineage)
	case s.StateSerial != now.StateSerial:
		return fmt.Sprintf("the state moved from serial %d to serial %d since the plan was made", s.StateSerial, now.StateSerial)
	}
	return ""
}
