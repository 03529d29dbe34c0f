package apply

// Activation tokens that cross the boundary of what natsplan manages: a
// token an importer fetches from a URL (nats-server takes tokens only
// inline, so apply fetches it when it signs the importer), and a token
// written to a file for an account natsplan does not manage, to hand over.
// Tokens are public: files are written at mode 0644, atomically, and only
// where the guard allows (never the state or the keystore).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/safefile"
	"github.com/natsplan/natsplan/state"
)

// fetchTimeout bounds one token download.
const fetchTimeout = 10 * time.Second

// fetchToken downloads the activation token for import imp of the account
// importer and checks it is one: for this account, from the exporter the
// import names, for its kind and subject.
func fetchToken(url, importer string, imp *jwt.Import) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("import %q: token URL %s: %w", imp.Name, url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("import %q: fetching its activation token: %w", imp.Name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("import %q: fetching its activation token from %s: status %s %v", imp.Name, url, resp.Status, err)
	}
	token := strings.TrimSpace(string(body))
	act, err := jwt.DecodeActivationClaims(token)
	switch {
	case err != nil:
		return "", fmt.Errorf("import %q: %s does not hold an activation token: %w", imp.Name, url, err)
	case act.Subject != importer:
		return "", fmt.Errorf("import %q: the token at %s is for account %s, not %s", imp.Name, url, act.Subject, importer)
	case act.Issuer != imp.Account && act.IssuerAccount != imp.Account:
		return "", fmt.Errorf("import %q: the token at %s was not issued by %s", imp.Name, url, imp.Account)
	case act.ImportType != imp.Type || !imp.Subject.IsContainedIn(act.ImportSubject):
		return "", fmt.Errorf("import %q: the token at %s allows %s %q, not %s %q", imp.Name, url,
			act.ImportType, act.ImportSubject, imp.Type, imp.Subject)
	case act.Expires != 0 && act.Expires <= time.Now().Unix():
		return "", fmt.Errorf("import %q: the token at %s has expired", imp.Name, url)
	}
	return token, nil
}

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
