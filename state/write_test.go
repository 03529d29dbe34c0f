package state

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
)

func sampleState() *State {
	s := New()
	s.Resources["operator.Test"] = &Resource{Kind: KindOperator, Name: "Test", PublicKey: "OABC", Issuer: "OABC", IssuedAt: 10, JWT: "a.b.c", Digest: "d1"}
	s.Resources["account.A"] = &Resource{Kind: KindAccount, Name: "A", ClaimName: "My A", PublicKey: "AABC", Issuer: "OABC", IssuedAt: 11, JWT: "d.e.f", Digest: "d2",
		Revocations: []Revocation{{PublicKey: "UABC", At: 9, Address: "account.A.user.old"}}}
	s.Resources["grant.g"] = &Resource{Kind: KindGrant, Name: "g", Issuer: "AABC", IssuedAt: 12, JWT: "g.h.i", Digest: "d3"}
	return s
}

func mustWrite(t *testing.T, path string, s *State) {
	t.Helper()
	if err := Write(path, s); err != nil {
		t.Fatal(err)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "natsplan.state")
	s := sampleState()
	mustWrite(t, path, s)
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, s)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	a, g, o := bytes.Index(data, []byte(`"account.A"`)), bytes.Index(data, []byte(`"grant.g"`)), bytes.Index(data, []byte(`"operator.Test"`))
	if !(a < g && g < o) || !bytes.Contains(data, []byte("\n  ")) {
		t.Errorf("file not indented and sorted by address:\n%s", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after one write, want 1 (no temp files)", len(entries))
	}
}

func TestWriteIncrementsSerialAndKeepsBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	s := sampleState()
	mustWrite(t, path, s)
	first, _ := os.ReadFile(path)
	s.Resources["account.A"].Digest = "changed"
	mustWrite(t, path, s)
	if s.Serial != 2 {
		t.Fatalf("serial after two writes = %d", s.Serial)
	}
	backup, err := os.ReadFile(path + BackupSuffix)
	if err != nil || !bytes.Equal(backup, first) {
		t.Fatalf("backup does not hold the previous version (err %v)", err)
	}
	var b State
	json.Unmarshal(backup, &b)
	if b.Serial != 1 || b.Resources["account.A"].Digest != "d2" {
		t.Fatalf("backup = serial %d digest %q", b.Serial, b.Resources["account.A"].Digest)
	}
	if got, _ := Read(path); got.Serial != 2 || got.Resources["account.A"].Digest != "changed" {
		t.Fatalf("state on disk = %+v", got)
	}
}

func TestWriteRefusesSeedAnywhere(t *testing.T) {
	kp, _ := nkeys.CreateAccount()
	seed, _ := kp.Seed()
	path := filepath.Join(t.TempDir(), "natsplan.state")
	s := sampleState()
	s.Resources["account.A"].JWT = string(seed)
	err := Write(path, s)
	if err == nil || !strings.Contains(err.Error(), "account.A") || !strings.Contains(err.Error(), "seed") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), string(seed)) {
		t.Fatal("error message contains the seed")
	}
	if _, serr := os.Stat(path); !os.IsNotExist(serr) || s.Serial != 0 {
		t.Fatal("refused state was written or its serial moved")
	}
}

func TestWriteRefusesOtherLineageAndStaleSerial(t *testing.T) {
	path := filepath.Join(t.TempDir(), "natsplan.state")
	s := sampleState()
	mustWrite(t, path, s)
	if err := Write(path, New()); err == nil || !strings.Contains(err.Error(), "lineage") {
		t.Fatalf("other lineage: err = %v", err)
	}
	stale, _ := Read(path)
	mustWrite(t, path, s) // another run moves the file to serial 2
	if err := Write(path, stale); err == nil || !strings.Contains(err.Error(), "serial 2") {
		t.Fatalf("stale serial: err = %v", err)
	}
	if stale.Serial != 1 {
		t.Fatalf("refused write moved serial to %d", stale.Serial)
	}
}

func TestFailedWriteLeavesSerial(t *testing.T) {
	s := sampleState()
	if err := Write(filepath.Join(t.TempDir(), "missing", "natsplan.state"), s); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
	if s.Serial != 0 {
		t.Fatalf("serial = %d after a failed write", s.Serial)
	}
}
