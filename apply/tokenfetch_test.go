package apply

import (
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// tokenFixture is an activation token for one import, and the import.
type tokenFixture struct {
	token, importer string
	imp             *jwt.Import
}

func newTokenFixture(t *testing.T) *tokenFixture {
	t.Helper()
	exp, _ := nkeys.CreateAccount()
	expKey, _ := exp.PublicKey()
	impKP, _ := nkeys.CreateAccount()
	importer, _ := impKP.PublicKey()
	act := jwt.NewActivationClaims(importer)
	act.ImportSubject, act.ImportType = "w.>", jwt.Service
	token, err := act.Encode(exp)
	if err != nil {
		t.Fatal(err)
	}
	return &tokenFixture{token: token, importer: importer,
		imp: &jwt.Import{Name: "w", Account: expKey, Subject: "w.x", Type: jwt.Service}}
}

// trusting is a token client that trusts srv's certificate, as the
// system's roots would trust a real server's.
func trusting(srv *httptest.Server) *http.Client {
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	return newTokenClient(roots)
}

// cleanError fails unless err is set, says want, and reads cleanly: no
// "<nil>", the import named once.
func cleanError(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one saying %q", want)
	}
	msg := err.Error()
	if !strings.Contains(msg, want) || strings.Contains(msg, "<nil>") || strings.Count(msg, `import "w"`) != 1 {
		t.Fatalf("error %q: want %q, no <nil>, the import named once", msg, want)
	}
}

func TestFetchTokenOverHTTPS(t *testing.T) {
	f := newTokenFixture(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/w.jwt":
			_, _ = w.Write([]byte(f.token + "\n"))
		case "/moved":
			http.Redirect(w, r, "/w.jwt", http.StatusFound)
		case "/to-http":
			http.Redirect(w, r, "http://"+r.Host+"/w.jwt", http.StatusFound)
		case "/to-other-host":
			_, port, _ := net.SplitHostPort(r.Host)
			http.Redirect(w, r, "https://localhost:"+port+"/w.jwt", http.StatusFound)
		case "/huge":
			_, _ = w.Write([]byte(f.token + strings.Repeat(" ", maxTokenSize)))
		default:
			http.NotFound(w, r)
		}
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below
	srv.StartTLS()
	defer srv.Close()
	client := trusting(srv)

	if got, err := fetchToken(client, srv.URL+"/w.jwt", false, f.importer, f.imp); err != nil || got != f.token {
		t.Fatalf("fetching over https: %q, %v", got, err)
	}
	if got, err := fetchToken(client, srv.URL+"/moved", false, f.importer, f.imp); err != nil || got != f.token {
		t.Fatalf("a redirect on the same host is followed: %q, %v", got, err)
	}
	_, err := fetchToken(tokenClient, srv.URL+"/w.jwt", false, f.importer, f.imp)
	cleanError(t, err, "certificate")
	_, err = fetchToken(client, srv.URL+"/to-http", false, f.importer, f.imp)
	cleanError(t, err, "redirects must go to https")
	_, err = fetchToken(client, srv.URL+"/to-other-host", false, f.importer, f.imp)
	cleanError(t, err, "redirects must stay on 127.0.0.1")
	_, err = fetchToken(client, srv.URL+"/huge", false, f.importer, f.imp)
	cleanError(t, err, "larger than 64 KiB")
	_, err = fetchToken(client, srv.URL+"/gone", false, f.importer, f.imp)
	cleanError(t, err, "the server answered 404 Not Found")
}

// Plain http is refused without a request unless the import allows it.
func TestFetchTokenOverHTTP(t *testing.T) {
	f := newTokenFixture(t)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		_, _ = w.Write([]byte(f.token))
	}))
	defer srv.Close()
	_, err := fetchToken(tokenClient, srv.URL+"/w.jwt", false, f.importer, f.imp)
	cleanError(t, err, "not an https URL")
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests sent to a plain http URL that is not allowed", n)
	}
	if got, err := fetchToken(tokenClient, srv.URL+"/w.jwt", true, f.importer, f.imp); err != nil || got != f.token {
		t.Fatalf("with allow_insecure_url: %q, %v", got, err)
	}
}
