package planner

// Token files: a grant's token_file holds its activation token for an
// account natsplan does not manage. Apply writes it whenever it signs the
// grant. It must also write it when the grant is unchanged but the file is
// not what the state holds (token_file added to an applied grant, the file
// deleted or edited), without re-signing: the token is the state's. The
// planner reads no files, so the caller hands it the files' contents
// (PendingTokenFiles); what it decides is plain data in the plan.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// TokenFile is a token file the plan writes for a grant it does not
// re-sign; apply writes the grant's JWT from the state.
type TokenFile struct {
	Address string // the grant
	Path    string
	Reason  string // why: "it is missing", ...
}

// PendingTokenFiles adds to p the token files of unchanged grants of cfg
// that do not hold the grant's token in st. read returns a file's
// contents (os.ReadFile); an error other than a missing file is a
// diagnostic, since the file may hide what is there. A state token that is
// not the grant's activation, from its issuer for its account, is refused:
// the state is untrusted, and the file is handed to someone else.
func PendingTokenFiles(p *Plan, cfg *lang.Config, st *state.State, read func(string) ([]byte, error)) hcl.Diagnostics {
	var diags hcl.Diagnostics
	changed := map[string]bool{}
	for _, c := range p.Changes {
		if c.Kind == state.KindGrant {
			changed[c.Address] = true
		}
	}
	for _, g := range cfg.Grants {
		addr := g.Address()
		d, prior := p.Desired[addr], st.Get(addr)
		if g.TokenFile == "" || changed[addr] || d == nil || prior == nil {
			continue
		}
		token := priorJWT(prior)
		reason, err := tokenFileReason(g.TokenFile, token, read)
		if err == nil && reason != "" {
			err = stateTokenIsGrants(token, d)
		}
		if err != nil {
			rng := g.Ranges.Of("token_file")
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot write the token file",
				Detail: fmt.Sprintf("%s: token file %s: %s.", addr, g.TokenFile, err), Subject: &rng})
			continue
		}
		if reason != "" {
			p.TokenFiles = append(p.TokenFiles, TokenFile{Address: addr, Path: g.TokenFile, Reason: reason})
		}
	}
	return diags
}

// tokenFileReason says why the file at path must be written with token,
// or "" when it holds token already (surrounding white space aside).
func tokenFileReason(path, token string, read func(string) ([]byte, error)) (string, error) {
	b, err := read(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "it does not exist", nil
	case err != nil:
		return "", err
	case string(bytes.TrimSpace(b)) != token:
		return "it does not hold the grant's token in the state", nil
	}
	return "", nil
}

// stateTokenIsGrants checks that token is a validly signed activation for
// d's account, issued by d's signer. (Its claims are those of the state's
// digest, which the planner found unchanged; checking the JWT against the
// digest is the state verification's job.)
func stateTokenIsGrants(token string, d *Desired) error {
	act, err := jwt.DecodeActivationClaims(token)
	if err != nil {
		return fmt.Errorf("the state's token for the grant does not decode (%v); the state may have been edited", err)
	}
	if act.Subject != d.PublicKey || act.Issuer != d.SignerKey {
		return fmt.Errorf("the state's token for the grant is for %s from %s, not for %s from %s; the state may have been edited",
			act.Subject, act.Issuer, d.PublicKey, d.SignerKey)
	}
	return nil
}

// TokenFileCount is how many token files applying p writes: those of the
// grants it signs and those it writes from the state.
func (p *Plan) TokenFileCount() int {
	n := len(p.TokenFiles)
	for _, c := range p.Changes {
		if c.Kind == state.KindGrant && c.Action != Delete && c.Desired != nil && c.Desired.TokenFile != "" {
			n++
		}
	}
	return n
}
