package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/statekv"
	"github.com/natsplan/natsplan/trust"
)

// stateCheck is validate's -state flag. Given alone it names the usual
// state file (NATSPLAN_STATE or natsplan.state.json); -state=FILE names
// another. Plan never decodes an unchanged JWT, it compares digests; this
// is how to have every JWT in the state verified on request.
type stateCheck struct {
	path string // "" when not asked for
}

func (s *stateCheck) String() string   { return statekv.Redact(s.path) }
func (s *stateCheck) IsBoolFlag() bool { return true }

func (s *stateCheck) Set(v string) error {
	switch v {
	case "false":
		s.path = ""
	case "true", "":
		s.path = envOr("NATSPLAN_STATE", defaultStatePath)
	default:
		s.path = v
	}
	return nil
}

func newStateCheck(fs *flag.FlagSet) *stateCheck {
	s := &stateCheck{}
	fs.Var(s, "state", "also verify every JWT in the state (-state=FILE for another file than natsplan.state.json)")
	return s
}

// read reads the state -state names: a file, or a bucket (with the
// NATSPLAN_STATE_CREDS and NATSPLAN_STATE_CA of the environment).
// missing says why there is none to verify.
func (s *stateCheck) read(c *cli) (st *state.State, missing, err error) {
	if !statekv.IsURL(s.path) {
		path := c.path(s.path)
		if _, err := os.Stat(path); err != nil {
			return nil, err, nil
		}
		st, err = state.Read(path)
		return st, nil, err
	}
	kv, err := openRemote(s.path, remoteFlags{creds: os.Getenv("NATSPLAN_STATE_CREDS"), ca: os.Getenv("NATSPLAN_STATE_CA")})
	if err != nil {
		return nil, nil, err
	}
	defer kv.Close()
	if st, err = kv.Read(); err == nil && st.Lineage == "" {
		return nil, errors.New("the bucket holds no state yet"), nil
	}
	return st, nil, err
}

// maxListed bounds the problems listed one by one.
const maxListed = 20

// verify reads the state and verifies every JWT in it, returning one
// diagnostic per problem; n is how many JWTs were checked.
func (s *stateCheck) verify(c *cli) (diags hcl.Diagnostics, n int) {
	st, missing, err := s.read(c)
	if missing != nil {
		// state.Read takes a missing file for a first apply's empty state,
		// which would "verify": asked to check a file, say it is not there.
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No state file to verify",
			Detail: fmt.Sprintf("-state names %s, which cannot be read: %v. Give the path of the state file (-state=FILE).", statekv.Redact(s.path), missing)}}, 0
	}
	if err != nil {
		var ce *state.CorruptError
		summary := "Cannot read the state"
		if errors.As(err, &ce) {
			summary = "Corrupt state file"
		}
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: err.Error()}}, 0
	}
	problems := trust.State(st)
	if len(problems) == 0 {
		return nil, len(st.Resources)
	}
	bad := map[string]bool{}
	for _, p := range problems {
		bad[p.Address] = true
	}
	var b strings.Builder
	for i, p := range problems {
		if i == maxListed {
			fmt.Fprintf(&b, "... and %d more.\n", len(problems)-i)
			break
		}
		fmt.Fprintf(&b, "%s: %s.\n", p.Address, p.Reason)
	}
	b.WriteString("\nNothing in the state should be edited by hand: restore a sound copy (the backup, or the file from version control) and run plan.")
	diags = append(diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("%d of the %d entities in %s cannot be trusted", len(bad), len(st.Resources), s.path),
		Detail:   b.String(),
	})
	return diags, len(st.Resources)
}
