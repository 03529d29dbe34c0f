package state

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A state path that is a symbolic link is written through: the file it
// points to is replaced atomically, with its backup beside it, and the
// link stays a link (it is never replaced by a regular file).
func TestWriteThroughSymlinkedState(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "shared", "state.json")
	if err := os.Mkdir(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	s := sampleState()
	mustWrite(t, real, s)
	first, _ := os.ReadFile(real)
	link := filepath.Join(dir, "natsplan.state.json")
	if err := os.Symlink("shared/state.json", link); err != nil {
		t.Fatal(err)
	}
	s.Resources["account.B"] = &Resource{Kind: KindAccount, Name: "B", PublicKey: "AB", Issuer: "OABC", IssuedAt: 13, JWT: "x.y.z", Digest: "d4"}
	mustWrite(t, link, s)
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	got, err := Read(real)
	if err != nil || got.Serial != 2 || got.Get("account.B") == nil {
		t.Fatalf("the target was not written: %v", err)
	}
	if b, _ := os.ReadFile(real + BackupSuffix); string(b) != string(first) {
		t.Fatal("the backup beside the target is not the previous state")
	}
	if _, err := os.Lstat(link + BackupSuffix); !os.IsNotExist(err) {
		t.Fatalf("a backup beside the link: %v", err)
	}
}

// A link to a state not written yet creates the file it points to.
func TestWriteThroughDanglingStateLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "natsplan.state.json")
	if err := os.Symlink("later.json", link); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, link, sampleState())
	if _, err := Read(filepath.Join(dir, "later.json")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
}

// A state path that is a directory is named as such, by every reader and
// by Write, rather than as a raw read error or a corrupt file.
func TestStatePathIsADirectory(t *testing.T) {
	dir := t.TempDir()
	want := dir + " is a directory, not a state file"
	for name, read := range map[string]func(string) (*State, error){"Read": Read, "ReadLazy": ReadLazy} {
		if _, err := read(dir); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
	if err := Write(dir, sampleState()); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Write: %v, want %q", err, want)
	}
}

func TestKeystorePathIsAFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenKeystore(p)
	if err == nil || !strings.Contains(err.Error(), "keystore "+p+" is a file, not a directory") {
		t.Fatalf("got %v", err)
	}
}
