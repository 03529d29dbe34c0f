package main

// The external signer, end to end: every seed in examples/signer and
// none in natsplan's keystore, through apply, push and a nats-server; and
// signers that misbehave, which apply refuses, leaving the state as it was.

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/natstest"
)

var seedShaped = regexp.MustCompile(`S[OAUNCX][A-Z2-7]{56}`)

// noSeedUnder fails if any file under dir holds something shaped like a
// seed: the keystore included.
func noSeedUnder(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil && seedShaped.Match(b) {
			t.Errorf("%s holds a seed", path)
		}
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

// signerCreds is a creds file for a user whose seed the signer holds,
// made as the signer's owner would: its JWT from the state, its seed
// from the signer's directory.
func signerCreds(t *testing.T, dir, keys, account, user string) string {
	t.Helper()
	r := readState(t, dir).Get("account." + account + ".user." + user)
	seed, err := os.ReadFile(filepath.Join(keys, r.PublicKey+".nk"))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := jwt.FormatUserConfig(r.JWT, bytes.TrimSpace(seed))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), account+"-"+user+".creds")
	if err := os.WriteFile(path, creds, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSignerHoldsEverySeed(t *testing.T) {
	dir, keys := workdir(t, "services"), t.TempDir()
	signer := "-signer=nkeys-signer -dir '" + keys + "' -create"
	out := mustRun(t, exitOK, dir, "apply", "-auto-approve", signer)
	if !strings.Contains(out, "Resources: 9 added") {
		t.Fatalf("apply with the signer:\n%s", out)
	}
	noSeedUnder(t, filepath.Join(dir, ".natsplan"))
	noSeedUnder(t, filepath.Join(dir, defaultStatePath))
	want := stateKeys(readState(t, dir))
	for addr, pub := range want {
		if _, err := os.Stat(filepath.Join(keys, pub+".nk")); err != nil {
			t.Errorf("the signer holds no seed for %s: %v", addr, err)
		}
	}
	if n, _ := filepath.Glob(filepath.Join(keys, "*.nk")); len(n) != len(want) || len(want) != 8 {
		t.Fatalf("the signer holds %d keys; the state names %d, want 8 (operator, 4 accounts, 3 users)", len(n), len(want))
	}
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes") {
		t.Fatalf("plan after apply:\n%s", out)
	}

	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config", "-resolver=full", "-jwt-dir="+t.TempDir()))
	mustRun(t, exitOK, dir, "push", "-server="+srv.ClientURL(), signer)

	// creds cannot hand out a seed the signer keeps, and says why.
	code, _, errs := natsplan(t, dir, "creds", "AccountB", "userb", signer)
	if code == exitOK || !strings.Contains(errs, "is held by signer") || !strings.Contains(errs, "never hands it out") {
		t.Fatalf("creds of a user whose seed the signer holds: exit %d\n%s", code, errs)
	}
	replier := serveHelp(t, srv.ClientURL(), signerCreds(t, dir, keys, "TestAccount", "TestUser"))
	defer replier.Close()
	if err := requestHelp(srv.ClientURL(), signerCreds(t, dir, keys, "AccountB", "userb")); err != nil {
		t.Fatalf("userb, signed through the signer, is not served: %v", err)
	}

	// A change re-signs through the signer too, and is pushed.
	editConfig(t, dir, `user "userb" {}`, `user "userb" {}
  user "userb2" {}`)
	mustRun(t, exitOK, dir, "apply", "-auto-approve", signer)
	noSeedUnder(t, filepath.Join(dir, ".natsplan"))
	if err := requestHelp(srv.ClientURL(), signerCreds(t, dir, keys, "AccountB", "userb2")); err != nil {
		t.Fatalf("a user added later through the signer is not served: %v", err)
	}
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes") {
		t.Fatalf("plan after the second apply:\n%s", out)
	}
}

// tree lists every file under dir with its content, to show that a
// refused apply wrote nothing.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMisbehavingSignerIsRefused(t *testing.T) {
	for _, tc := range []struct{ mode, want string }{
		{"wrong-signature", "returned a bad signature for O"},
		{"error", "refused signing with O[A-Z0-9]{55}: the HSM is offline"},
		{"garbage", `answered signing with O[A-Z0-9]{55} with something that is not a JSON object: "<html>502 Bad Gateway</html>"`},
		{"hang", `did not answer within 1s \(signing with O[A-Z0-9]{55}\); it was stopped`},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			dir, keys := workdir(t, "services"), t.TempDir()
			good := "-signer=nkeys-signer -dir '" + keys + "' -create"
			mustRun(t, exitOK, dir, "apply", "-auto-approve", good)
			editConfig(t, dir, `service "srv" {`, `service "more" {
    subject = "more"
  }

  service "srv" {`)
			before, signerBefore := tree(t, dir), tree(t, keys)
			bad := "-signer=bad-signer " + tc.mode + " -dir '" + keys + "'"
			code, out, errs := natsplan(t, dir, "apply", "-auto-approve", bad, "-signer-timeout=1s")
			if code != exitError || !regexp.MustCompile(tc.want).MatchString(errs) {
				t.Fatalf("apply with a signer that answers %s: exit %d, want %d and %q\nstdout:\n%s\nstderr:\n%s",
					tc.mode, code, exitError, tc.want, out, errs)
			}
			if !strings.Contains(errs, "the state was not changed") || strings.Contains(out, "Apply complete") {
				t.Fatalf("apply with a signer that answers %s does not say that nothing changed:\n%s%s", tc.mode, out, errs)
			}
			if seedShaped.MatchString(out + errs) {
				t.Fatalf("a seed in the output:\n%s%s", out, errs)
			}
			after := tree(t, dir)
			for path, content := range before {
				if after[path] != content {
					t.Errorf("%s changed on a refused apply", path)
				}
			}
			if len(after) != len(before) || len(tree(t, keys)) != len(signerBefore) {
				t.Errorf("a refused apply wrote files: %d before, %d after", len(before), len(after))
			}
			mustRun(t, exitOK, dir, "apply", "-auto-approve", good)
			if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes") {
				t.Fatalf("plan after the good signer applied:\n%s", out)
			}
		})
	}
}
