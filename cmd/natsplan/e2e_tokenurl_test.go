package main

// An activation token fetched over https from a real TLS server on
// 127.0.0.1. The natsplan program runs in a process of its own, trusting
// the server's certificate the way any deployment trusts a private CA:
// through SSL_CERT_FILE, which the system's roots are read from. Every
// refusal leaves the state as it was.

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTokenURLOverHTTPS(t *testing.T) {
	imp := applySrc(t, fmt.Sprintf(importerConfig, ""))
	exp := applySrc(t, fmt.Sprintf(exporterConfig, imp.key(t, "account.Imp")))
	token, err := os.ReadFile(filepath.Join(exp.dir, "out", "imp.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/imp.jwt":
			_, _ = w.Write(token)
		case "/huge.jwt":
			_, _ = w.Write(bytes.Repeat(token, 1+(64<<10)/len(token)))
		default:
			http.NotFound(w, r)
		}
	}))
	web.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake refused below
	web.StartTLS()
	t.Cleanup(web.Close)
	certFile := filepath.Join(t.TempDir(), "ca.pem")
	writeFile(t, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: web.Certificate().Raw})))
	trust := "SSL_CERT_FILE=" + certFile

	bin := buildNatsplan(t)
	statePath := filepath.Join(imp.dir, defaultStatePath)
	before, _ := os.ReadFile(statePath)
	useURL := func(path string) {
		block := fmt.Sprintf("  import \"help\" {\n    service   = \"help.imp\"\n    from      = %q\n    token_url = %q\n  }\n",
			exp.key(t, "account.Exp"), web.URL+path)
		writeFile(t, filepath.Join(imp.dir, "main.hcl"), fmt.Sprintf(importerConfig, block))
	}
	refused := []struct{ path, env, want string }{
		{"/imp.jwt", "", "certificate signed by unknown authority"},
		{"/missing.jwt", trust, "the server answered 404 Not Found"},
		{"/huge.jwt", trust, "the answer is larger than 64 KiB"},
	}
	for _, r := range refused {
		useURL(r.path)
		_, errs := runWithEnv(t, bin, 1, imp.dir, r.env, "apply", "-auto-approve")
		want := fmt.Sprintf(`Error: account.Imp: import "help": fetching its activation token from %s: `, web.URL+r.path)
		if !strings.Contains(errs, want) || !strings.Contains(errs, r.want) {
			t.Errorf("%s: stderr does not say %q:\n%s", r.path, want+"..."+r.want, errs)
		}
		if strings.Contains(errs, "<nil>") || strings.Count(errs, `import "help"`) != 1 {
			t.Errorf("%s: the error reads badly:\n%s", r.path, errs)
		}
		if after, _ := os.ReadFile(statePath); !bytes.Equal(before, after) {
			t.Fatalf("%s: a refused fetch changed the state", r.path)
		}
	}

	useURL("/imp.jwt")
	runWithEnv(t, bin, 0, imp.dir, trust, "apply", "-auto-approve")
	if out, _ := runWithEnv(t, bin, 0, imp.dir, trust, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after fetching over https is not empty:\n%s", out)
	}
	requestAcross(t, exp.dir, imp.dir)
}

// runWithEnv runs the program with one more environment setting (none
// when env is empty) and fails the test unless it exits with want.
func runWithEnv(t *testing.T, b *binary, want int, dir, env string, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := b.command(dir, args...)
	cmd.Env = slices.DeleteFunc(cmd.Env, func(kv string) bool { return strings.HasPrefix(kv, "SSL_CERT_") })
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		if ee, ok := err.(interface{ ExitCode() int }); ok {
			code = ee.ExitCode()
		}
	}
	if code != want {
		t.Fatalf("natsplan %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, tail(out.String()), errb.String())
	}
	return out.String(), errb.String()
}
