package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteReplacesAtomicallyWithMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "deeper", "f")
	if err := Write(p, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("old"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, err %v; want 0600", fi.Mode().Perm(), err)
	}
	if b, _ := os.ReadFile(p); string(b) != "two" {
		t.Fatalf("content %q", b)
	}
	assertOnly(t, filepath.Dir(p), "f")
}

func TestWriteThroughLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Fatalf("target holds %q", b)
	}
}

func TestStageDiscardLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s, err := Stage(filepath.Join(dir, "a", "b", "f"), []byte("x"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a", "b", "f")); err == nil {
		t.Fatal("a staged file is visible before Commit")
	}
	s.Discard()
	assertOnly(t, dir)
}

func TestStageRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := Stage(dir, []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("got %v", err)
	}
	assertOnly(t, dir)
}

func TestGuardWriteRefusesAndLeavesFile(t *testing.T) {
	dir, g := layout(t)
	state := filepath.Join(dir, "natsplan.state.json")
	if err := g.Write(state, []byte("jwt"), 0o644); err == nil {
		t.Fatal("writing the state was not refused")
	}
	if b, _ := os.ReadFile(state); string(b) != "natsplan.state.json" {
		t.Fatalf("the state changed: %q", b)
	}
}

// assertOnly fails unless dir holds exactly names.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
}

func TestReadSmall(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadSmall(p, 4); err != nil || string(b) != "01234" {
		t.Fatalf("got %q, %v; want the first 5 bytes", b, err)
	}
	if b, err := ReadSmall(p, 64); err != nil || string(b) != "0123456789" {
		t.Fatalf("got %q, %v", b, err)
	}
	if _, err := ReadSmall(dir, 64); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a directory: %v", err)
	}
	if _, err := ReadSmall(filepath.Join(dir, "missing"), 64); !os.IsNotExist(err) {
		t.Fatalf("a missing file: %v", err)
	}
}
