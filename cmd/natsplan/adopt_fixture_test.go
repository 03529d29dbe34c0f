package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
	"github.com/rogpeppe/go-internal/testscript"
)

// nscFixture is the store real nsc v2.14.0 made for the Services page
// (see its README.md and make.sh); nscFeatures one with signing keys, a
// scoped role and a revoked user.
var (
	nscFixture  = filepath.Join("..", "..", "nscstore", "testdata", "nsc-services")
	nscFeatures = filepath.Join("..", "..", "nscstore", "testdata", "nsc-features")
)

// cmdNscFixture is the testscript command `nscfixture DIR`: it copies the
// nsc store and its keys into DIR (DIR/store, DIR/keys), with the modes nsc
// gives its keys (0600 files, 0700 directories), which a checkout loses.
func cmdNscFixture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: nscfixture DIR")
	}
	ts.Check(copyNscFixture(ts.MkAbs(args[0])))
}

func copyNscFixture(dst string) error { return copyNscStore(nscFixture, dst) }

func copyNscStore(from, dst string) error {
	src, err := filepath.Abs(from)
	if err != nil {
		return err
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
}

// fixtureOperator is the operator key of the nsc fixture.
const fixtureOperator = "OBHC7VPX77XZWNY65DIXZS3GV3KPVWGJ5JDVLJ2HBPRZRUBEKHIDEDCD"

func decodeAccount(t *testing.T, token string) *jwt.AccountClaims {
	t.Helper()
	ac, err := jwt.DecodeAccountClaims(token)
	if err != nil {
		t.Fatal(err)
	}
	return ac
}

// resignAccount signs ac with the fixture operator's seed, found in the
// copy of the fixture at nsc, as nsc would after an edit.
func resignAccount(t *testing.T, nsc string, ac *jwt.AccountClaims) string {
	t.Helper()
	seed, err := os.ReadFile(filepath.Join(nsc, "keys", "keys", "O", fixtureOperator[1:3], fixtureOperator+".nk"))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.FromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	token, err := ac.Encode(kp)
	if err != nil {
		t.Fatal(err)
	}
	return token
}
