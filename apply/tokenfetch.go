package apply

// An activation token fetched from a URL: nats-server takes tokens only
// inline, so apply fetches it when it signs the importer. Whoever answers
// the request chooses the token, so the answer is held to the rules of a
// reviewed input: https (plain http only where the import says
// allow_insecure_url), redirects only to https on the same host, an answer
// no larger than a token can be, and an activation for this importer,
// from the exporter, for this kind and subject, not expired.

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"
)

const (
	fetchTimeout = 10 * time.Second // bounds one download, redirects included
	maxRedirects = 5
	// maxTokenSize is far more than an activation token takes (about a
	// kilobyte); an answer beyond it is not a token.
	maxTokenSize = 64 << 10
)

// tokenClient fetches tokens, trusting the system's roots.
var tokenClient = newTokenClient(nil)

// newTokenClient returns a client that trusts roots (nil: the system's)
// and follows only redirects that stay on https and on the same host.
func newTokenClient(roots *x509.CertPool) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	return &http.Client{Transport: tr, Timeout: fetchTimeout, CheckRedirect: sameHostHTTPS}
}

// sameHostHTTPS refuses a redirect that leaves https or the host first
// asked: a token URL that was reviewed must not hand the choice of the
// token to another server.
func sameHostHTTPS(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	switch {
	case len(via) > maxRedirects:
		return fmt.Errorf("more than %d redirects", maxRedirects)
	case req.URL.Scheme != "https":
		return fmt.Errorf("refused the redirect to %s: redirects must go to https", req.URL.Redacted())
	case !strings.EqualFold(req.URL.Hostname(), first.Hostname()):
		return fmt.Errorf("refused the redirect to %s: redirects must stay on %s", req.URL.Redacted(), first.Hostname())
	}
	return nil
}

// fetchToken downloads the activation token for import imp of the account
// importer and checks it is one: for this account, from the exporter the
// import names, for its kind and subject.
func fetchToken(client *http.Client, rawURL string, allowInsecure bool, importer string, imp *jwt.Import) (string, error) {
	body, err := download(client, rawURL, allowInsecure)
	if err != nil {
		return "", fmt.Errorf("import %q: fetching its activation token from %s: %w", imp.Name, rawURL, err)
	}
	token := strings.TrimSpace(string(body))
	act, err := jwt.DecodeActivationClaims(token)
	switch {
	case err != nil:
		return "", fmt.Errorf("import %q: %s does not hold an activation token: %w", imp.Name, rawURL, err)
	case act.Subject != importer:
		return "", fmt.Errorf("import %q: the token at %s is for account %s, not %s", imp.Name, rawURL, act.Subject, importer)
	case act.Issuer != imp.Account && act.IssuerAccount != imp.Account:
		return "", fmt.Errorf("import %q: the token at %s was not issued by %s", imp.Name, rawURL, imp.Account)
	case act.ImportType != imp.Type || !imp.Subject.IsContainedIn(act.ImportSubject):
		return "", fmt.Errorf("import %q: the token at %s allows %s %q, not %s %q", imp.Name, rawURL,
			act.ImportType, act.ImportSubject, imp.Type, imp.Subject)
	case act.Expires != 0 && act.Expires <= time.Now().Unix():
		return "", fmt.Errorf("import %q: the token at %s has expired", imp.Name, rawURL)
	}
	return token, nil
}

// download returns the body of a 200 answer to a GET of rawURL, refusing
// plain http unless allowInsecure and an answer larger than maxTokenSize.
// Errors say what went wrong without the URL, which the caller adds.
func download(client *http.Client, rawURL string, allowInsecure bool) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	if u.Scheme != "https" && (u.Scheme != "http" || !allowInsecure) {
		return nil, errors.New("not an https URL (allow_insecure_url = true on the import permits plain http)")
	}
	resp, err := client.Get(u.String())
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // "Get <url>: ..." would repeat the URL
			err = ue.Err
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if len(body) > maxTokenSize {
		return nil, fmt.Errorf("the answer is larger than %d KiB, which no activation token is", maxTokenSize>>10)
	}
	return body, nil
}
