package state

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomicReplacesWithExactMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte("old"), 0o666)
	if err := writeFileAtomic(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if data, _ := os.ReadFile(p); string(data) != "new" || fi.Mode().Perm() != 0o600 {
		t.Fatalf("content %q mode %v", data, fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d entries left, want 1", len(entries))
	}
}

func TestMkdirDurableCreatesEveryLevelPrivate(t *testing.T) {
	base := t.TempDir()
	deep := filepath.Join(base, "a", "b", "c")
	if err := mkdirDurable(deep, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a", "a/b", "a/b/c"} {
		if fi, err := os.Stat(filepath.Join(base, d)); err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("%s: %v %v", d, fi.Mode().Perm(), err)
		}
	}
	os.WriteFile(filepath.Join(base, "file"), nil, 0o600)
	if err := mkdirDurable(filepath.Join(base, "file"), 0o700); err == nil {
		t.Fatal("mkdirDurable over a file succeeded")
	}
}
