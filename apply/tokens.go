package apply

// Activation tokens that cross the boundary of what natsplan manages: a
// token an importer fetches from a URL (nats-server takes tokens only
// inline, so apply fetches it when it signs the importer), and a token
// written to a file for an account natsplan does not manage, to hand over.
// Tokens are public: files are written at mode 0644.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
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
