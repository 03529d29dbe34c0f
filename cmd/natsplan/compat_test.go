//go:build compat

package main

// What natsplan signs and pushes must work on the nats-server versions
// teams run, not only on the embedded one. `make compat` installs older
// servers from the module proxy (go install) and runs this with their
// binaries; it is not part of make test, which embeds v2.15.

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/flows"
)

// TestCompatOlderServers: for each server binary in
// NATSPLAN_COMPAT_SERVERS (comma-separated), the Services page applied
// by natsplan, pushed to a full resolver, serves the page's flows and
// refuses the forbidden ones; removing a user and pushing again makes the
// server refuse its creds.
func TestCompatOlderServers(t *testing.T) {
	for _, bin := range compatBinaries(t) {
		t.Run(filepath.Base(filepath.Dir(bin)), func(t *testing.T) { compatRun(t, bin) })
		t.Run(filepath.Base(filepath.Dir(bin))+"/operator-key-order", func(t *testing.T) { compatKeyOrder(t, bin) })
		t.Run(filepath.Base(filepath.Dir(bin))+"/rotate-account-key", func(t *testing.T) { compatRotate(t, bin) })
	}
}

func compatRun(t *testing.T, bin string) {
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v %s", bin, err, out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))
	dir := workdir(t, "services")
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	url := startBinary(t, bin, dir, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+filepath.Join(dir, "jwt")))
	// push asks the server first which operator JWT it runs (VARZ's
	// trusted_operators_jwt); a server that does not say is noted with
	// "were not checked".
	if out := mustRun(t, exitOK, dir, "push", "-server="+url); strings.Contains(out, "were not checked") {
		t.Errorf("%s does not say which operator JWT it runs:\n%s", bin, out)
	}

	creds := writeCreds(t, dir, "TestAccount/TestUser", "AccountB/userb", "AccountC/userc")
	results, err := flows.Services(url, creds, readState(t, dir).Get("account.AccountC").PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 4 {
		t.Fatalf("ran %d flows, want 4", len(results))
	}
	for _, r := range results {
		if !r.OK {
			t.Errorf("%s: %s", r.Name, r.Detail)
		}
	}

	editConfig(t, dir, `user "userb" {}`, "")
	mustRun(t, exitOK, dir, "apply", "-auto-approve", "-push", "-server="+url)
	if err := flows.Connect(url, creds("AccountB", "userb")); err == nil {
		t.Error("removed and revoked, userb still connects")
	}
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
	if out := mustRun(t, exitOK, dir, "plan", "-refresh-only", "-server="+url, "-detailed-exitcode"); !strings.Contains(out, "No drift.") {
		t.Fatalf("drift check against %s is not clean:\n%s", bin, out)
	}
}

// compatBinaries are the nats-server binaries NATSPLAN_COMPAT_SERVERS
// names, comma-separated (make compat installs them).
func compatBinaries(t *testing.T) []string {
	bins := strings.Split(os.Getenv("NATSPLAN_COMPAT_SERVERS"), ",")
	if bins[0] == "" {
		t.Fatal("NATSPLAN_COMPAT_SERVERS names no nats-server binary: run make compat")
	}
	return bins
}

// startBinary runs the nats-server binary with conf on 127.0.0.1 and a
// free port until the test ends, and returns its URL once it answers.
func startBinary(t *testing.T, bin, dir, conf string) string {
	t.Helper()
	path := filepath.Join(dir, "server.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	return runBinary(t, bin, "-c", path)
}

// runBinary runs the nats-server binary with args on 127.0.0.1 and a
// free port until the test ends, and returns its URL once it listens.
func runBinary(t *testing.T, bin string, args ...string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, append(args, "-a", "127.0.0.1", "-p", fmt.Sprint(port))...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "nats://" + addr
		}
	}
	t.Fatalf("%s did not listen on %s", bin, addr)
	return ""
}

// compatKeyOrder: the server says which operator JWT it runs, so push
// refuses accounts moved to an operator signing key the server's JWT does
// not list, and goes through once the server runs server-config's.
func compatKeyOrder(t *testing.T, bin string) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), orderConfig(`  signing_key "k1" {}`, "k1"))
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	jwtDir := filepath.Join(dir, "jwt")
	url := startBinary(t, bin, dir, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+jwtDir))
	mustRun(t, exitOK, dir, "push", "-server="+url)
	writeFile(t, filepath.Join(dir, "main.hcl"), orderConfig("  signing_key \"k1\" {}\n  signing_key \"k2\" {}", "k2"))
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if code, out, errs := natsplan(t, dir, "push", "-server="+url); code != exitError || !strings.Contains(errs, "deploy the operator JWT from `natsplan server-config`") {
		t.Fatalf("push to %s running the operator JWT without k2: exit %d\n%s%s", bin, code, out, errs)
	}
	url = startBinary(t, bin, t.TempDir(), mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+filepath.Join(t.TempDir(), "jwt")))
	mustRun(t, exitOK, dir, "push", "-server="+url)
	creds := writeCreds(t, dir, "App/a", "App/b")
	flowOK(t, url, creds("App", "a"), creds("App", "b"))
	if out := mustRun(t, exitOK, dir, "plan", "-server="+url); !strings.Contains(out, "No changes.") || !strings.Contains(out, "No drift") {
		t.Fatalf("plan is not clean:\n%s", out)
	}
}

// compatRotate: an account signing key's staged rotation on an older
// server. A user connected with the old creds stays connected through
// the retire step, and old and new creds connect; once the block is
// removed the old creds are refused and the new ones connect.
func compatRotate(t *testing.T, bin string) {
	op := `  signing_key "accounts" {}`
	dir := t.TempDir()
	rotateStep{op, `  signing_key "a1" {}`, "accounts", "a1"}.write(t, dir)
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	url := startBinary(t, bin, dir, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+filepath.Join(dir, "jwt")))
	mustRun(t, exitOK, dir, "push", "-server="+url)
	oldV := credsOf(t, dir, "v", "v.old.creds")
	nc := connectEcho(t, url, credsOf(t, dir, "u", "u.old.creds"))
	roundTrip(t, nc, "before")

	applyStep(t, dir, rotateStep{op, "  signing_key \"a1\" { retire = true }\n  signing_key \"a2\" {}", "accounts", "a2"},
		"re-signed: signing key `a1` is retiring")
	mustRun(t, exitOK, dir, "push", "-server="+url)
	roundTrip(t, nc, "after retire")
	wantConnects(t, url, oldV, "v's old creds while a1 is retiring")
	newV := credsOf(t, dir, "v", "v.new.creds")
	wantConnects(t, url, newV, "v's new creds")

	applyStep(t, dir, rotateStep{op, `  signing_key "a2" {}`, "accounts", "a2"}, "is dropped from account A")
	mustRun(t, exitOK, dir, "push", "-server="+url)
	wantRefused(t, url, oldV, "v's old creds once a1 is dropped")
	wantConnects(t, url, newV, "v's new creds once a1 is dropped")
}
