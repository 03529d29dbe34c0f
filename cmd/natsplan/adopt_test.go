package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/flows"
	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/trust"
)

// adoptDirs copies the nsc fixture next to an empty project directory and
// returns both (the store is nsc/store, its keys nsc/keys).
func adoptDirs(t *testing.T) (project, nsc string) {
	t.Helper()
	root := t.TempDir()
	project, nsc = filepath.Join(root, "project"), filepath.Join(root, "nsc")
	if err := os.Mkdir(project, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := copyNscFixture(nsc); err != nil {
		t.Fatal(err)
	}
	return project, nsc
}

// snapshot maps every file under dir to its bytes, to show that a
// command changed nothing there.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
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

func sameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s: %s changed", what, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s was written", what, p)
		}
	}
}

// TestAdoptServicesStore adopts the store real nsc built for the Services
// page and checks every promise of adopt on it: the store is untouched,
// plan says "No changes.", the state holds nsc's JWTs byte for byte and
// verifies, the keystore holds every seed, a nats-server loaded from the
// state serves the page's flows with creds from natsplan, and one edit
// re-signs exactly the account it touches.
func TestAdoptServicesStore(t *testing.T) {
	dir, nsc := adoptDirs(t)
	store := snapshot(t, nsc)
	mustRun(t, exitOK, dir, "adopt", "-nsc="+filepath.Join(nsc, "store"), "-keys="+filepath.Join(nsc, "keys"))
	sameSnapshot(t, "the nsc store", store, snapshot(t, nsc))
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after adopt:\n%s", out)
	}

	st := readState(t, dir)
	if problems := trust.State(st); len(problems) > 0 {
		t.Fatalf("the adopted state does not verify: %v", problems)
	}
	byJWT := map[string]string{}
	for addr, r := range st.Resources {
		byJWT[r.JWT] = addr
	}
	seeds := 0
	for path, content := range store {
		switch {
		case strings.HasSuffix(path, ".jwt"):
			if byJWT[content] == "" {
				t.Errorf("%s is not in the state byte for byte", path)
			}
		case strings.HasSuffix(path, ".nk"):
			seeds++
			checkSeedAdopted(t, dir, filepath.Base(strings.TrimSuffix(path, ".nk")), content)
		}
	}
	if seeds != 11 {
		t.Fatalf("the fixture has %d seeds, want 11", seeds)
	}

	creds := writeCreds(t, dir, "TestAccount/TestUser", "AccountB/userb", "AccountC/userc")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config"))
	results, err := flows.Services(srv.ClientURL(), creds, st.Get("account.AccountC").PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if !r.OK {
			t.Errorf("%s: %s", r.Name, r.Detail)
		}
	}
	if len(results) != 4 {
		t.Fatalf("%d flows ran, want 4", len(results))
	}

	addService(t, dir)
	out := mustRun(t, exitOK, dir, "plan")
	for _, want := range []string{"account.TestAccount will be updated in-place", `+ service "extra"`, "Plan: 0 to add, 1 to change, 0 to destroy."} {
		if !strings.Contains(out, want) {
			t.Fatalf("plan after adding a service does not say %q:\n%s", want, out)
		}
	}
	mustRun(t, exitOK, dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the edit:\n%s", out)
	}
	after := readState(t, dir)
	for addr, r := range st.Resources {
		changed := after.Get(addr).JWT != r.JWT
		if changed != (addr == "account.TestAccount") {
			t.Errorf("%s: re-signed %v, want only account.TestAccount re-signed", addr, changed)
		}
	}
}

// checkSeedAdopted checks that natsplan's keystore holds pub's seed, the
// same as nsc's, in a private file.
func checkSeedAdopted(t *testing.T, dir, pub, seed string) {
	t.Helper()
	ks, err := state.OpenKeystore(filepath.Join(dir, ".natsplan", "keys"))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := ks.Get(pub) // Get refuses a file group or others can read
	if err != nil {
		t.Errorf("seed of %s not in the keystore: %v", pub, err)
		return
	}
	if got, _ := kp.Seed(); string(got) != strings.TrimSpace(seed) {
		t.Errorf("the keystore holds another seed for %s", pub)
	}
}

func addService(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "adopted.hcl")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	old := "account \"TestAccount\" {\n"
	if !strings.Contains(string(b), old) {
		t.Fatalf("adopted.hcl has no account TestAccount:\n%s", b)
	}
	writeFile(t, path, strings.Replace(string(b), old, old+"  service \"extra\" {\n    subject = \"extra\"\n  }\n", 1))
}

// Every refusal names what is wrong and writes nothing: not in the
// project, not in the store.
func TestAdoptRefusals(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir, nsc string) []string // returns extra args
		want  string
	}{
		{"existing state", func(t *testing.T, dir, nsc string) []string {
			writeFile(t, filepath.Join(dir, defaultStatePath), "{}")
			return nil
		}, "already holds a project ([natsplan.state.json])"},
		{"existing configuration", func(t *testing.T, dir, nsc string) []string {
			writeFile(t, filepath.Join(dir, "main.hcl"), "")
			return nil
		}, "already holds a project ([main.hcl])"},
		{"two operators", func(t *testing.T, dir, nsc string) []string {
			copyTree(t, filepath.Join(nsc, "store", "Test"), filepath.Join(nsc, "store", "Copy"))
			return nil
		}, "holds 2 operators (Copy, Test); choose one with -operator=NAME"},
		{"corrupt JWT", func(t *testing.T, dir, nsc string) []string {
			p := filepath.Join(nsc, "store", "Test", "accounts", "AccountC", "AccountC.jwt")
			writeFile(t, p, "eyJhbGciOiJub25lIn0.e30.")
			return nil
		}, filepath.Join("accounts", "AccountC", "AccountC.jwt") + ": not a valid JWT"},
		{"corrupt activation token", func(t *testing.T, dir, nsc string) []string {
			p := filepath.Join(nsc, "store", "Test", "accounts", "AccountC", "AccountC.jwt")
			b, _ := os.ReadFile(p)
			ac := decodeAccount(t, string(b))
			ac.Imports[0].Token = ac.Imports[0].Token[:len(ac.Imports[0].Token)-4] + "AAAA"
			writeFile(t, p, resignAccount(t, nsc, ac))
			return nil
		}, `AccountC.jwt: the activation token of import "help" does not decode or its signature does not verify`},
		{"seeds others can read", func(t *testing.T, dir, nsc string) []string {
			seeds, _ := filepath.Glob(filepath.Join(nsc, "keys", "keys", "A", "*", "*.nk"))
			if len(seeds) == 0 {
				t.Fatal("no account seeds in the fixture")
			}
			if err := os.Chmod(seeds[0], 0o644); err != nil {
				t.Fatal(err)
			}
			return nil
		}, "so group or others can access it"},
		{"keys directory missing", func(t *testing.T, dir, nsc string) []string {
			return []string{"-keys=" + filepath.Join(nsc, "nope")}
		}, "nsc keys directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, nsc := adoptDirs(t)
			args := append([]string{"adopt", "-nsc=" + filepath.Join(nsc, "store"), "-keys=" + filepath.Join(nsc, "keys")}, tc.setup(t, dir, nsc)...)
			project, store := snapshot(t, dir), snapshot(t, nsc)
			code, _, errs := natsplan(t, dir, args...)
			if code != exitError || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant %q", code, errs, tc.want)
			}
			sameSnapshot(t, "the project", project, snapshot(t, dir))
			sameSnapshot(t, "the nsc store", store, snapshot(t, nsc))
			if _, err := os.Stat(filepath.Join(dir, ".natsplan")); err == nil {
				t.Error("a keystore was created")
			}
		})
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	for path, content := range snapshot(t, from) {
		rel, _ := filepath.Rel(from, path)
		p := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, content)
	}
}

// A claim the language cannot express stops adopt, naming the entity
// and the field, unless -allow-changes; then the first plan shows it.
func TestAdoptInexpressibleNeedsAllowChanges(t *testing.T) {
	dir, nsc := adoptDirs(t)
	p := filepath.Join(nsc, "store", "Test", "accounts", "AccountB", "AccountB.jwt")
	b, _ := os.ReadFile(p)
	ac := decodeAccount(t, string(b))
	// nsc lets a JetStream limit be set on an account without JetStream
	// storage; the language has no such thing (and nats-server ignores it).
	ac.Limits.JetStreamLimits.Streams = 5
	writeFile(t, p, resignAccount(t, nsc, ac))
	args := []string{"adopt", "-nsc=" + filepath.Join(nsc, "store"), "-keys=" + filepath.Join(nsc, "keys")}

	before := snapshot(t, dir)
	code, _, errs := natsplan(t, dir, args...)
	want := `account.AccountB: nats.limits.streams: the JWT has 5, the configuration gives nothing`
	if code != exitError || !strings.Contains(errs, want) || !strings.Contains(errs, "Nothing was written") {
		t.Fatalf("exit %d, stderr:\n%s\nwant %q", code, errs, want)
	}
	sameSnapshot(t, "the project", before, snapshot(t, dir))

	code, _, errs = natsplan(t, dir, append(args, "-allow-changes")...)
	if code != exitOK || !strings.Contains(errs, want) {
		t.Fatalf("with -allow-changes: exit %d, stderr:\n%s", code, errs)
	}
	out := mustRun(t, exitOK, dir, "plan")
	if !strings.Contains(out, "account.AccountB will be updated in-place") || !strings.Contains(out, "Plan: 0 to add, 1 to change, 0 to destroy.") {
		t.Fatalf("plan after adopting with a change:\n%s", out)
	}
}

// A seed missing from nsc's keys is reported, not invented; the entity is
// still adopted and the plan is still empty.
func TestAdoptMissingSeed(t *testing.T) {
	dir, nsc := adoptDirs(t)
	const userb = "UCDYYHDFVL2UI65J7UKB26XQFPFUVYVPV5GK3RTRH6SOD3HMTIVQXPEA"
	if err := os.Remove(filepath.Join(nsc, "keys", "keys", "U", "CD", userb+".nk")); err != nil {
		t.Fatal(err)
	}
	code, out, errs := natsplan(t, dir, "adopt", "-nsc="+filepath.Join(nsc, "store"), "-keys="+filepath.Join(nsc, "keys"))
	if code != exitOK || !strings.Contains(errs, "no seed for account.AccountB.user.userb ("+userb+")") ||
		!strings.Contains(out, "copied 10 of 11 seeds") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if ks, err := state.OpenKeystore(filepath.Join(dir, ".natsplan", "keys")); err != nil || ks.Has(userb) {
		t.Fatalf("the missing seed was invented (or the keystore is unreadable: %v)", err)
	}
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan:\n%s", out)
	}
	code, _, errs = natsplan(t, dir, "creds", "AccountB", "userb")
	if code == exitOK || !strings.Contains(errs, "no seed for "+userb) {
		t.Fatalf("creds for a user without seed: exit %d, %s", code, errs)
	}
	if n := len(readState(t, dir).Resources); n != 11 {
		t.Fatalf("%d entities adopted, want 11", n)
	}
}

// An account whose seed nsc's keys lack is adopted, and apply refuses the
// changes that need its key (a new user it must sign), changing nothing.
func TestAdoptKeylessAccount(t *testing.T) {
	dir, nsc := adoptDirs(t)
	const accountB = "AAZIF6SOXH6LPWW3QNPQFFJFDT5RDQ6A2O5D4VZGKXSSN4NM43GDXCWO"
	if err := os.Remove(filepath.Join(nsc, "keys", "keys", "A", "AZ", accountB+".nk")); err != nil {
		t.Fatal(err)
	}
	_, _, errs := natsplan(t, dir, "adopt", "-nsc="+filepath.Join(nsc, "store"), "-keys="+filepath.Join(nsc, "keys"))
	if !strings.Contains(errs, "no seed for account.AccountB ("+accountB+")") {
		t.Fatalf("stderr:\n%s", errs)
	}
	path := filepath.Join(dir, "adopted.hcl")
	b, _ := os.ReadFile(path)
	writeFile(t, path, strings.Replace(string(b), "account \"AccountB\" {\n", "account \"AccountB\" {\n  user \"newu\" {}\n", 1))
	before, _ := os.ReadFile(filepath.Join(dir, defaultStatePath))
	code, _, errs := natsplan(t, dir, "apply", "-auto-approve")
	if code != exitError || !strings.Contains(errs, "account `AccountB` identity key ("+accountB+") is needed to sign account.AccountB.user.newu") {
		t.Fatalf("apply: exit %d, stderr:\n%s", code, errs)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, defaultStatePath)); string(after) != string(before) {
		t.Fatal("the refused apply changed the state")
	}
}

// The store real nsc built with signing keys adopts to an empty plan, and
// a nats-server loaded from the state accepts the users issued by the
// signing key and by the scoped role, and refuses the one the account
// revoked.
func TestAdoptSigningKeysStore(t *testing.T) {
	dir := t.TempDir()
	nsc := filepath.Join(t.TempDir(), "nsc")
	if err := copyNscStore(nscFeatures, nsc); err != nil {
		t.Fatal(err)
	}
	mustRun(t, exitOK, dir, "adopt", "-nsc="+filepath.Join(nsc, "store"), "-keys="+filepath.Join(nsc, "keys"))
	if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after adopt:\n%s", out)
	}
	creds := writeCreds(t, dir, "Platform/web", "Platform/dev1", "Platform/gone", "Shop/clerk")
	srv := natstest.Start(t, mustRun(t, exitOK, dir, "server-config"))
	for _, u := range [][2]string{{"Platform", "web"}, {"Platform", "dev1"}, {"Shop", "clerk"}} {
		if err := flows.Connect(srv.ClientURL(), creds(u[0], u[1])); err != nil {
			t.Errorf("%s/%s is refused: %v", u[0], u[1], err)
		}
	}
	err := flows.Connect(srv.ClientURL(), creds("Platform", "gone"))
	if err == nil || !strings.Contains(err.Error(), "Authorization Violation") {
		t.Fatalf("the revoked user gone: got %v, want an authorization violation", err)
	}
}
