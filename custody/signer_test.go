package custody

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/examples/signer/nkeysigner"
)

// The test binary is the signer of these tests: with CUSTODY_TEST_SIGNER
// set it serves the example signer (mode "good") or misbehaves in the
// way the mode names, instead of running the tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("CUSTODY_TEST_SIGNER"); mode != "" {
		os.Exit(testSigner(mode, os.Args[1:]))
	}
	os.Exit(m.Run())
}

func testSigner(mode string, args []string) int {
	switch mode {
	case "good":
		return nkeysigner.Main(args, os.Stdin, os.Stdout, os.Stderr)
	case "exit":
		return 3
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		switch mode {
		case "v2":
			fmt.Println(`{"version":2,"public_keys":[],"create":false}`)
		case "badkey":
			fmt.Println(`{"version":1,"public_keys":["../../etc/passwd"],"create":false}`)
		case "leaky":
			seed, _ := nkeys.CreateAccount()
			s, _ := seed.Seed()
			fmt.Printf(`{"error":"cannot sign, my seed is %s"}`+"\n", s)
		}
	}
	return 0
}

func startTest(t *testing.T, mode, args string) (*Signer, error) {
	t.Helper()
	t.Setenv("CUSTODY_TEST_SIGNER", mode)
	s, err := StartSigner(fmt.Sprintf("'%s' %s", os.Args[0], args), 5*time.Second, os.Stderr)
	if s != nil {
		t.Cleanup(func() { s.Close() })
	}
	return s, err
}

func TestSignerSignsCreatesAndIsVerified(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "with space")
	st, err := nkeysigner.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	op, err := st.Create(nkeys.PrefixByteOperator)
	if err != nil {
		t.Fatal(err)
	}
	s, err := startTest(t, "good", `-dir "`+dir+`" -create`) // quoted as a shell would
	if err != nil {
		t.Fatal(err)
	}
	if !s.Has(op) || !s.CanCreate() {
		t.Fatalf("hello: has %s %v, create %v", op, s.Has(op), s.CanCreate())
	}
	k, err := s.Key(op)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := k.Sign([]byte("header.claims"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(op, []byte("header.claims"), sig); err != nil {
		t.Fatalf("the signer's signature: %v", err)
	}
	if Verify(op, []byte("other"), sig) == nil {
		t.Fatal("Verify accepted a signature of other bytes")
	}
	acc, err := s.Create(nkeys.PrefixByteAccount)
	if err != nil || nkeys.Prefix(acc) != nkeys.PrefixByteAccount || !s.Has(acc) {
		t.Fatalf("create account: %q, %v", acc, err)
	}
	if _, err := os.Stat(filepath.Join(dir, acc+".nk")); err != nil {
		t.Fatalf("the new key is not in the signer's directory: %v", err)
	}
	if _, err := s.Key("ANOTHER"); err == nil {
		t.Fatal("Key of a key the signer does not hold")
	}
}

func TestSignerRefusals(t *testing.T) {
	for _, tc := range []struct{ mode, want string }{
		{"v2", "speaks protocol version 2; natsplan speaks version 1"},
		{"badkey", `listed "../../etc/passwd", which is not an nkey public key`},
		{"exit", "exited without answering (hello)"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			_, err := startTest(t, tc.mode, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestSignerTextNeverShowsASeed(t *testing.T) {
	_, err := startTest(t, "leaky", "")
	if err == nil || !strings.Contains(err.Error(), "(seed hidden)") || seedShape.MatchString(err.Error()) {
		t.Fatalf("got %v", err)
	}
}

func TestStartSignerSplitErrors(t *testing.T) {
	if _, err := StartSigner(`signer "unclosed`, time.Second, os.Stderr); err == nil {
		t.Fatal("an unclosed quote was accepted")
	}
	if _, err := StartSigner("   ", time.Second, os.Stderr); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("an empty command: %v", err)
	}
}
