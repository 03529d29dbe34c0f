package apply

// Activation tokens that cross the boundary of what natsplan manages: a
// token an importer fetches from a URL (tokenfetch.go), and a token
// written to a file for an account natsplan does not manage, to hand over.
// Tokens are public: files are written at mode 0644.

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// writeTokenFiles writes the token of every grant signed by this apply
// that names a token_file.
func writeTokenFiles(p *planner.Plan, next *state.State) error {
	for _, c := range p.Changes {
		if c.Action == planner.Delete || c.Kind != state.KindGrant || c.Desired.TokenFile == "" {
			continue
		}
		path := c.Desired.TokenFile
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("%s: writing its token file: %w", c.Address, err)
		}
		if err := os.WriteFile(path, []byte(next.Resources[c.Address].JWT+"\n"), 0o644); err != nil {
			return fmt.Errorf("%s: writing its token file: %w", c.Address, err)
		}
	}
	return nil
}
