package nscstore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/nsctest"
)

// fixture is the store real nsc v2.14.0 made (README.md, make.sh).
const fixture = "testdata/nsc-services"

// copyFixture copies the fixture to a temporary directory, with the
// modes nsc gives keys (a checkout loses them), and returns it.
func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(fixture, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixture, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestOpenReadsWhatNscWrote(t *testing.T) {
	s, err := Open(filepath.Join(fixture, "store"), "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Operator.Claims.Name != "Test" || s.Dir != filepath.Join(fixture, "store", "Test") {
		t.Fatalf("operator %q in %s", s.Operator.Claims.Name, s.Dir)
	}
	var got []string
	for _, a := range s.Accounts {
		got = append(got, a.Claims.Name)
		for _, u := range a.Users {
			got = append(got, a.Claims.Name+"/"+u.Claims.Name)
			sameBytes(t, u.File)
		}
		sameBytes(t, a.File)
	}
	sameBytes(t, s.Operator.File)
	want := "AccountB AccountB/userb AccountC AccountC/userc SYS SYS/sys TestAccount TestAccount/TestUser TestAccount/restricted"
	if strings.Join(got, " ") != want {
		t.Fatalf("read %s\nwant %s", strings.Join(got, " "), want)
	}
	// The operator's folder itself is a store too.
	one, err := Open(filepath.Join(fixture, "store", "Test"), "Test")
	if err != nil || len(one.Accounts) != 4 {
		t.Fatalf("opening the operator's folder: %v", err)
	}
	if _, err := Open(filepath.Join(fixture, "store", "Test"), "Other"); err == nil || !strings.Contains(err.Error(), `operator "Test", not "Other"`) {
		t.Fatalf("wrong -operator for an operator folder: %v", err)
	}
}

// sameBytes checks that f holds the file's bytes exactly.
func sameBytes(t *testing.T, f File) {
	t.Helper()
	b, err := os.ReadFile(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != f.JWT {
		t.Errorf("%s: the JWT read is not the file's bytes", f.Path)
	}
}

func TestTwoOperatorsNeedAChoice(t *testing.T) {
	dir := copyFixture(t)
	stores := filepath.Join(dir, "store")
	other := nsctest.New(t, t.TempDir(), "Other")
	okp, opub := other.Key(nkeys.PrefixByteOperator)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "Other"
	other.Root = stores
	other.WriteOperator(oc, okp)

	_, err := Open(stores, "")
	if err == nil || !strings.Contains(err.Error(), "holds 2 operators (Other, Test); choose one with -operator=NAME") {
		t.Fatalf("two operators and no choice: %v", err)
	}
	s, err := Open(stores, "Other")
	if err != nil || s.Operator.Claims.Subject != opub || len(s.Accounts) != 0 {
		t.Fatalf("-operator=Other: %v", err)
	}
	if _, err := Open(stores, "Nope"); err == nil || !strings.Contains(err.Error(), `no operator "Nope" (it holds: Other, Test)`) {
		t.Fatalf("unknown operator: %v", err)
	}
	if _, err := Open(t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "is not an nsc store") {
		t.Fatalf("empty directory: %v", err)
	}
}

// A store is untrusted: a JWT that was tampered with, one of the wrong
// type, and one signed by a key that may not sign it are errors naming
// the file.
func TestUntrustedJWTsAreNamed(t *testing.T) {
	tests := []struct {
		name, file, want string
		edit             func(t *testing.T, path string)
	}{
		{"signature", "accounts/AccountB/AccountB.jwt", "does not decode or its signature does not verify", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			b[len(b)-5] ^= 0x01 // one bit of the signature
			os.WriteFile(p, b, 0o600)
		}},
		{"garbage", "accounts/AccountC/users/userc.jwt", "not a valid JWT", func(t *testing.T, p string) {
			os.WriteFile(p, []byte("not a jwt"), 0o600)
		}},
		{"type", "accounts/AccountB/AccountB.jwt", `holds a JWT of type "user" where nsc keeps the account JWT`, func(t *testing.T, p string) {
			b, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "users", "userb.jwt"))
			os.WriteFile(p, b, 0o600)
		}},
		{"issuer", "accounts/AccountB/AccountB.jwt", "which is neither the operator's key nor one of its signing keys", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			ac, _ := jwt.DecodeAccountClaims(string(b))
			rogue, _ := nkeys.CreateOperator()
			token, err := ac.Encode(rogue)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, []byte(token), 0o600)
		}},
		{"user issuer", "accounts/AccountB/users/userb.jwt", "neither account AccountB's key nor one of its signing keys", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			uc, _ := jwt.DecodeUserClaims(string(b))
			rogue, _ := nkeys.CreateAccount()
			token, _ := uc.Encode(rogue)
			os.WriteFile(p, []byte(token), 0o600)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyFixture(t)
			path := filepath.Join(dir, "store", "Test", filepath.FromSlash(tc.file))
			tc.edit(t, path)
			_, err := Open(filepath.Join(dir, "store"), "")
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != path || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error naming %s: %s", err, path, tc.want)
			}
		})
	}
}

func TestKeysAreReadNotWritten(t *testing.T) {
	dir := copyFixture(t)
	keys := filepath.Join(dir, "keys")
	k, err := OpenKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	const op = "OBHC7VPX77XZWNY65DIXZS3GV3KPVWGJ5JDVLJ2HBPRZRUBEKHIDEDCD"
	kp, err := k.Get(op)
	if err != nil {
		t.Fatal(err)
	}
	if pub, _ := kp.PublicKey(); pub != op {
		t.Fatalf("got the seed of %s", pub)
	}
	// The keys/ folder itself is accepted too.
	if k2, err := OpenKeys(filepath.Join(keys, "keys")); err != nil {
		t.Fatal(err)
	} else if _, err := k2.Get(op); err != nil {
		t.Fatalf("through keys/keys: %v", err)
	}
	other, _ := nkeys.CreateAccount()
	pub, _ := other.PublicKey()
	if _, err := k.Get(pub); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing seed: %v", err)
	}
	// A seed others can read is treated as leaked, not used.
	os.Chmod(filepath.Join(keys, "keys", "O", "BH", op+".nk"), 0o644)
	if _, err := k.Get(op); err == nil || !strings.Contains(err.Error(), "group or others can access it") {
		t.Fatalf("readable seed: %v", err)
	}
	entries, _ := os.ReadDir(keys)
	if len(entries) != 1 || entries[0].Name() != "keys" {
		t.Fatalf("the keys directory was written to: %v", entries)
	}
}

func TestDefaultKeysDir(t *testing.T) {
	t.Setenv("NKEYS_PATH", "/x/keys")
	if got := DefaultKeysDir(); got != "/x/keys" {
		t.Fatalf("with NKEYS_PATH: %s", got)
	}
	t.Setenv("NKEYS_PATH", "")
	t.Setenv("XDG_DATA_HOME", "/d")
	if got := DefaultKeysDir(); got != "/d/nats/nsc/keys" {
		t.Fatalf("with XDG_DATA_HOME: %s", got)
	}
}
