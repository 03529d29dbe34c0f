package planner

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/natsplan/natsplan/safefile"
)

// SavedFormat is the format version of saved plan files.
const SavedFormat = 1

// Saved is a plan written by `plan -out`. It holds what the plan was made
// from and what it will do; never a key or a seed. Apply re-plans and
// refuses a saved plan whose origin moved or whose changes differ.
type Saved struct {
	FormatVersion int           `json:"format_version"`
	StateLineage  string        `json:"state_lineage"`
	StateSerial   uint64        `json:"state_serial"`
	ConfigDigest  string        `json:"config_digest"`
	Changes       []SavedChange `json:"changes"`
}

// SavedChange is one planned change in a saved plan.
type SavedChange struct {
	Address string `json:"address"`
	Action  string `json:"action"`
}

// Save returns the saved form of p.
func (p *Plan) Save() *Saved {
	s := &Saved{FormatVersion: SavedFormat, StateLineage: p.StateLineage,
		StateSerial: p.StateSerial, ConfigDigest: p.ConfigDigest, Changes: []SavedChange{}}
	for _, c := range p.Changes {
		s.Changes = append(s.Changes, SavedChange{Address: c.Address, Action: string(c.Action)})
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
	if err != nil {
		return nil, err
	}
	var s Saved
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s is not a saved plan: %w", path, err)
	}
	if s.FormatVersion != SavedFormat {
		return nil, fmt.Errorf("%s is a saved plan of format %d; this natsplan reads format %d", path, s.FormatVersion, SavedFormat)
	}
	return &s, nil
}

// Check refuses a saved plan that no longer describes what applying now
// would do, saying what moved.
func (s *Saved) Check(now *Plan) error {
	switch {
	case s.StateLineage == "" && now.StateLineage != "":
		return fmt.Errorf("saved plan is stale: it was made before the state existed, and the state has been written since (serial %d); run plan again", now.StateSerial)
	case s.StateLineage != now.StateLineage:
		return fmt.Errorf("saved plan is stale: it was made for another state (lineage %s, this state is %s); run plan again", s.StateLineage, now.StateLineage)
	case s.StateSerial != now.StateSerial:
		return fmt.Errorf("saved plan is stale: the state moved from serial %d to serial %d since the plan was made; run plan again", s.StateSerial, now.StateSerial)
	case s.ConfigDigest != now.ConfigDigest:
		return fmt.Errorf("saved plan is stale: the configuration changed since the plan was made (digest %.12s then, %.12s now); run plan again", s.ConfigDigest, now.ConfigDigest)
	}
	got := now.Save().Changes
	if len(got) != len(s.Changes) {
		return fmt.Errorf("saved plan is stale: it holds %d changes, planning now gives %d; run plan again", len(s.Changes), len(got))
	}
	for i := range got {
		if got[i] != s.Changes[i] {
			return fmt.Errorf("saved plan is stale: it says %s %s, planning now says %s %s; run plan again",
				s.Changes[i].Action, s.Changes[i].Address, got[i].Action, got[i].Address)
		}
	}
	return nil
}
