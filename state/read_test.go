package state

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadMissingFileIsFreshState(t *testing.T) {
	s, err := Read(filepath.Join(t.TempDir(), "natsplan.state"))
	if err != nil {
		t.Fatal(err)
	}
	// No lineage until the first write: a plan saved against "no state"
	// must still match when applied.
	if s.Serial != 0 || s.Version != FormatVersion || s.Lineage != "" || len(s.Resources) != 0 {
		t.Fatalf("fresh state = %+v", s)
	}
	path := filepath.Join(t.TempDir(), "natsplan.state")
	if err := Write(path, s); err != nil {
		t.Fatal(err)
	}
	if s.Lineage == "" || s.Serial != 1 {
		t.Fatalf("first write gave lineage %q serial %d", s.Lineage, s.Serial)
	}
}

// A truncated file (say, a disk that filled up under another tool) must be
// reported with the way back, and left exactly as found, by Read and Write.
func TestTruncatedFileIsCorruptAndUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	s := sampleState()
	mustWrite(t, path, s) // serial 1, becomes the backup
	mustWrite(t, path, s) // serial 2
	full, _ := os.ReadFile(path)
	damaged := full[:len(full)/2]
	if err := os.WriteFile(path, damaged, 0o644); err != nil {
		t.Fatal(err)
	}

	_, err := Read(path)
	var ce *CorruptError
	if !errors.As(err, &ce) {
		t.Fatalf("Read error = %v, want *CorruptError", err)
	}
	if ce.Path != path || ce.BackupPath != path+BackupSuffix || ce.BackupSerial != 1 {
		t.Fatalf("CorruptError = %+v", ce)
	}
	for _, want := range []string{path, "not modified", "serial 1", "cp " + path + ".backup " + path} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}

	if err := Write(path, s); !errors.As(err, &ce) {
		t.Fatalf("Write over a corrupt file: err = %v, want *CorruptError", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, damaged) {
		t.Fatal("corrupt state file was modified")
	}
}

func TestCorruptWithoutBackupSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	os.WriteFile(path, []byte(""), 0o644)
	_, err := Read(path)
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.BackupPath != "" {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "No usable backup") || !strings.Contains(err.Error(), "empty or truncated") {
		t.Fatalf("message %q", err)
	}
}

// A backup that is itself damaged must not be offered as the way back.
func TestCorruptBackupIsNotSuggested(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	os.WriteFile(path, []byte("{"), 0o644)
	os.WriteFile(path+BackupSuffix, []byte("{"), 0o644)
	_, err := Read(path)
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.BackupPath != "" {
		t.Fatalf("err = %v", err)
	}
}

func TestReadRejectsWhatItDoesNotUnderstand(t *testing.T) {
	cases := map[string]string{
		"unknown field":  `{"version":1,"lineage":"x","serial":1,"resources":{},"extra":1}`,
		"newer version":  `{"version":99,"lineage":"x","serial":1,"resources":{}}`,
		"no version":     `{"lineage":"x","serial":1,"resources":{}}`,
		"no lineage":     `{"version":1,"serial":1,"resources":{}}`,
		"null resource":  `{"version":1,"lineage":"x","serial":1,"resources":{"account.A":null}}`,
		"trailing data":  `{"version":1,"lineage":"x","serial":1,"resources":{}} {}`,
		"unknown nested": `{"version":1,"lineage":"x","serial":1,"resources":{"account.A":{"kind":"account","seed":"x"}}}`,
	}
	for name, content := range cases {
		path := filepath.Join(t.TempDir(), "natsplan.state")
		os.WriteFile(path, []byte(content), 0o644)
		_, err := Read(path)
		var ce *CorruptError
		if !errors.As(err, &ce) {
			t.Errorf("%s: err = %v, want *CorruptError", name, err)
		}
	}
	path := filepath.Join(t.TempDir(), "natsplan.state")
	os.WriteFile(path, []byte(cases["newer version"]), 0o644)
	if _, err := Read(path); !strings.Contains(err.Error(), "upgrade natsplan") {
		t.Errorf("newer version message %q", err)
	}
}
