//go:build unix

package state

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The backup is the previous file itself, renamed by a hard link: after a
// write the state and its backup are separate files, each with one name,
// so editing one in place cannot change the other, and nothing is left
// under a temp name.
func TestBackupIsTheOldFileUnderItsOwnName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "natsplan.state")
	s := sampleState()
	mustWrite(t, path, s)
	mustWrite(t, path, s)
	mustWrite(t, path, s)
	for _, p := range []string{path, path + BackupSuffix} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink != 1 {
			t.Fatalf("%s has %d names, want 1", p, st.Nlink)
		}
	}
	b, err := Read(path + BackupSuffix)
	if err != nil || b.Serial != 2 {
		t.Fatalf("backup: serial %v, %v", b, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("%d files in the state's directory, want the state and its backup", len(entries))
	}
}
