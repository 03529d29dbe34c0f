package state

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// sameWhenLazy fails unless reading data lazily agrees with decode (want,
// werr): both refuse it, or both give the same state once every JWT is
// loaded. Each JWT must load by itself, from the bytes, not be kept.
func sameWhenLazy(t *testing.T, data []byte, want *State, werr error) {
	t.Helper()
	got, err := decodeLazy(data, &lazyRead{src: &source{at: bytes.NewReader(data)}})
	if (err == nil) != (werr == nil) {
		t.Fatalf("decodeLazy(%q) = %v; decode: %v", data, err, werr)
	}
	if err != nil {
		return
	}
	loaded := loadAll(t, got)
	if !reflect.DeepEqual(loaded, want) {
		t.Fatalf("decodeLazy(%q), JWTs loaded:\n got %#v\nwant %#v", data, loaded, want)
	}
}

// loadAll returns a copy of a lazy state with every JWT read, as decode
// would have given it.
func loadAll(t *testing.T, s *State) *State {
	t.Helper()
	out := *s
	out.src = nil
	if s.Resources == nil {
		return &out
	}
	out.Resources = make(map[string]*Resource, len(s.Resources))
	for addr, r := range s.Resources {
		if r == nil {
			out.Resources[addr] = nil
			continue
		}
		cp := *r
		jwt, err := r.LoadJWT()
		if err != nil {
			t.Fatalf("LoadJWT(%s): %v", addr, err)
		}
		cp.JWT, cp.jwtAt = jwt, jwtRef{}
		out.Resources[addr] = &cp
	}
	if err := s.LoadErr(); err != nil {
		t.Fatalf("LoadErr after loading every JWT: %v", err)
	}
	return &out
}

// writeFile writes a state file and returns its path.
func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ReadLazy reads what Read reads, holding no JWT until asked.
func TestReadLazyMatchesRead(t *testing.T) {
	data, err := encode(sampleState(), 7)
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, data)
	want, got := readBoth(t, path)
	for addr, r := range got.Resources {
		if r.JWT != "" || want.Resources[addr].JWT != "" && !r.lazy() {
			t.Errorf("%s: ReadLazy kept the JWT %q", addr, r.JWT)
		}
	}
	if loaded := loadAll(t, got); !reflect.DeepEqual(loaded, want) {
		t.Fatalf("ReadLazy, JWTs loaded:\n got %#v\nwant %#v", loaded, want)
	}
}

// A missing file is a fresh start, as for Read; a damaged one the same
// CorruptError.
func TestReadLazyMissingAndCorrupt(t *testing.T) {
	s, err := ReadLazy(filepath.Join(t.TempDir(), "none.json"))
	if err != nil || s.Lineage != "" || len(s.Resources) != 0 {
		t.Fatalf("ReadLazy(missing) = %+v, %v", s, err)
	}
	for _, data := range []string{"", `{"version":1,"lineage":"L","resources":{"a":{"jwt":"x"`} {
		_, err := ReadLazy(writeFile(t, []byte(data)))
		var ce *CorruptError
		if !errors.As(err, &ce) {
			t.Errorf("ReadLazy(%q) = %v, want a CorruptError", data, err)
		}
	}
}

// A state read lazily is never written: its JWTs would be lost.
func TestWriteRefusesLazyState(t *testing.T) {
	data, _ := encode(sampleState(), 1)
	path := writeFile(t, data)
	s, err := ReadLazy(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(path, s); err == nil || !strings.Contains(err.Error(), "without its JWTs") {
		t.Fatalf("Write(lazy state) = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Fatal("the refused write changed the file")
	}
}

// A file modified in place after it was decoded gives an error, not
// another JWT; LoadErr reports it, for copies of the state too. A
// rename over the path, as Write does, changes nothing.
func TestLoadJWTNoticesChanges(t *testing.T) {
	s := sampleState()
	data, _ := encode(s, 1)
	path := writeFile(t, data)
	lazy, err := ReadLazy(path)
	if err != nil {
		t.Fatal(err)
	}
	other := sampleState()
	other.Lineage, other.Serial = s.Lineage, 1
	other.Resources["account.A"].JWT = "eyJ.other.jwt"
	if err := Write(path, other); err != nil {
		t.Fatal(err)
	}
	if got, err := lazy.Resources["account.A"].LoadJWT(); err != nil || got != s.Resources["account.A"].JWT {
		t.Fatalf("after a rename over the file, LoadJWT = %q, %v", got, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	lazy2, err := ReadLazy(path)
	if err != nil {
		t.Fatal(err)
	}
	copyOf := *lazy2
	f.WriteAt([]byte(" "), 0)
	f.Close()
	if _, err := lazy2.Resources["account.A"].LoadJWT(); err == nil {
		t.Fatal("LoadJWT read a file modified in place")
	}
	if copyOf.LoadErr() == nil || lazy.LoadErr() != nil {
		t.Fatalf("LoadErr = %v; of the state read before: %v", copyOf.LoadErr(), lazy.LoadErr())
	}
}

// A state larger than a few dropStep reads back the same, although the
// pages it was decoded from are given back as decoding passes them.
func TestReadLazyLargeState(t *testing.T) {
	s := New()
	token := strings.Repeat("eyJhbGciOiJlZDI1NTE5LW5rZXkifQ", 20)
	for i := range 20000 {
		n := strconv.Itoa(i)
		s.Resources["account.A"+n] = &Resource{Kind: KindAccount, Name: "A" + n, PublicKey: "K" + n, JWT: token + n, Digest: "d" + n}
	}
	path := filepath.Join(t.TempDir(), "state.json")
	mustWrite(t, path, s)
	if fi, _ := os.Stat(path); fi.Size() < 3*dropStep {
		t.Fatalf("the state is only %d bytes", fi.Size())
	}
	want, got := readBoth(t, path)
	if !reflect.DeepEqual(loadAll(t, got), want) {
		t.Fatal("ReadLazy of a large state differs from Read")
	}
}

// readBoth reads the state at path eagerly and lazily.
func readBoth(t *testing.T, path string) (eager, lazy *State) {
	t.Helper()
	eager, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err = ReadLazy(path)
	if err != nil {
		t.Fatal(err)
	}
	return eager, lazy
}
