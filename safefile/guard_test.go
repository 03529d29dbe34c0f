package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// layout makes a working directory with a state, its backup and lock, and
// a keystore holding a key file and its .gitignore.
func layout(t *testing.T) (dir string, g *Guard) {
	t.Helper()
	dir = t.TempDir()
	for _, f := range []string{"natsplan.state.json", "natsplan.state.json.backup", "natsplan.state.json.lock",
		".natsplan/keys/.gitignore", ".natsplan/keys/keys/U/AB/UAB.nk", "out/old.jwt"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, NewGuard(filepath.Join(dir, "natsplan.state.json"), filepath.Join(dir, ".natsplan/keys"))
}

func TestGuardRefusesProtectedPaths(t *testing.T) {
	dir, g := layout(t)
	for _, tc := range []struct{ path, reason string }{
		{"natsplan.state.json", "it is the state file"},
		{"natsplan.state.json.backup", "it is the state's backup"},
		{"natsplan.state.json.lock", "it is the state's lock file"},
		{".natsplan/keys/.gitignore", "it is inside the keystore"},
		{".natsplan/keys/keys/U/AB/UAB.nk", "it is inside the keystore"},
		{".natsplan/keys/new/file", "it is inside the keystore"},
		{".natsplan/keys", "it is inside the keystore"},
		{"out/../natsplan.state.json", "it is the state file"},
	} {
		err := g.Check(filepath.Join(dir, tc.path))
		var refused *RefusedError
		if !errors.As(err, &refused) || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%s: got %v, want a refusal saying %q", tc.path, err, tc.reason)
		}
	}
	for _, ok := range []string{"out/old.jwt", "out/new/x.jwt", "creds/u.creds", ".natsplan/other", "natsplan.state.json.old"} {
		if err := g.Check(filepath.Join(dir, ok)); err != nil {
			t.Errorf("%s: refused: %v", ok, err)
		}
	}
}

func TestGuardResolvesSymlinks(t *testing.T) {
	dir, g := layout(t)
	links := map[string]string{
		"to-state":     "natsplan.state.json",
		"to-backup":    "natsplan.state.json.backup",
		"to-lock":      "natsplan.state.json.lock",
		"to-key":       ".natsplan/keys/keys/U/AB/UAB.nk",
		"to-gitignore": ".natsplan/keys/.gitignore",
		"keysdir":      ".natsplan/keys",
		"dangling":     ".natsplan/keys/not-yet",
		"chain":        "to-state",
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"to-state", "to-backup", "to-lock", "to-key", "to-gitignore", "keysdir/x", "dangling", "chain"} {
		err := g.Check(filepath.Join(dir, p))
		var refused *RefusedError
		if !errors.As(err, &refused) || !strings.Contains(err.Error(), "through a symbolic link") {
			t.Errorf("%s: got %v, want a refusal naming the link", p, err)
		}
	}
}

func TestGuardStateThatIsALink(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "real.json"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.json", filepath.Join(dir, "natsplan.state.json")); err != nil {
		t.Fatal(err)
	}
	g := NewGuard(filepath.Join(dir, "natsplan.state.json"), "")
	for _, p := range []string{"real.json", "real.json.backup", "natsplan.state.json.lock", "natsplan.state.json.backup"} {
		if err := g.Check(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s: not refused", p)
		}
	}
}

func TestGuardWithin(t *testing.T) {
	dir, g := layout(t)
	cfg := filepath.Join(dir, "config")
	if err := os.Mkdir(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(cfg, "up")); err != nil {
		t.Fatal(err)
	}
	if err := g.Within(cfg).Check(filepath.Join(cfg, "out/x.jwt")); err != nil {
		t.Errorf("inside: %v", err)
	}
	for _, p := range []string{"../x.jwt", "/tmp/x.jwt", "up/x.jwt", "."} {
		path := p
		if !filepath.IsAbs(p) {
			path = filepath.Join(cfg, p)
		}
		err := g.Within(cfg).Check(path)
		if err == nil || !strings.Contains(err.Error(), "outside the configuration directory") {
			t.Errorf("%s: got %v, want outside", p, err)
		}
	}
}

func TestGuardLinkLoop(t *testing.T) {
	dir, g := layout(t)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.Symlink(b, a); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(a, b); err != nil {
		t.Fatal(err)
	}
	if err := g.Check(a); err == nil || !strings.Contains(err.Error(), "cannot tell where it leads") {
		t.Errorf("loop: %v", err)
	}
}

func TestGuardPathThroughAFile(t *testing.T) {
	dir, g := layout(t)
	err := g.Check(filepath.Join(dir, "out/old.jwt/x.jwt"))
	if err == nil || !strings.Contains(err.Error(), "a part of its path is a file, not a directory") {
		t.Fatalf("got %v", err)
	}
}

func TestGuardProtect(t *testing.T) {
	dir, g := layout(t)
	cfg := filepath.Join(dir, "main.hcl")
	if err := os.WriteFile(cfg, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	more := g.Protect("a configuration file", cfg)
	if err := more.Check(cfg); err == nil || !strings.Contains(err.Error(), "it is a configuration file") {
		t.Fatalf("got %v", err)
	}
	if err := g.Check(cfg); err != nil {
		t.Fatalf("Protect changed the guard it was called on: %v", err)
	}
	if err := more.Check(filepath.Join(dir, "natsplan.state.json")); err == nil {
		t.Fatal("the new guard forgot the state")
	}
}
