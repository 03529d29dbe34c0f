package custody

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/google/shlex"
	"github.com/nats-io/nkeys"
)

// ProtocolVersion is the version of the signer protocol (docs/signer.md)
// natsplan speaks.
const ProtocolVersion = 1

// DefaultSignerTimeout is how long natsplan waits for one answer.
const DefaultSignerTimeout = 30 * time.Second

// maxLine bounds one answer of a signer: a hello with a fleet's keys is
// the longest (a public key is 56 bytes; a million of them fit).
const maxLine = 64 << 20

// Signer is an external signer process (-signer=COMMAND): started once
// per run, it holds the seeds and signs on request, over JSON lines on
// its stdin and stdout. natsplan never sends it a seed and checks every
// signature it returns against the public key before using it.
//
// Requests go one at a time; a signer that answers out of turn, with
// something that is not the protocol, or not within the timeout, is
// stopped, and every later request fails.
type Signer struct {
	command string
	timeout time.Duration
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	lines   chan []byte // answers, one per line; closed at EOF
	readErr error       // why lines was closed, once it is

	stderr io.Writer    // where errBuf goes once the signer has exited
	errBuf bytes.Buffer // the signer's stderr, when stderr is not a file

	mu     sync.Mutex // guards keys
	keys   map[string]bool
	create bool

	reqMu  sync.Mutex // one request at a time; guards broken
	broken error
}

// StartSigner splits command into words as a shell would (no shell is
// run), starts it, and says hello. stderr receives the signer's own
// messages.
func StartSigner(command string, timeout time.Duration, stderr io.Writer) (*Signer, error) {
	words, err := shlex.Split(command)
	if err != nil {
		return nil, fmt.Errorf("-signer %q: %w", command, err)
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("-signer is empty")
	}
	if timeout <= 0 {
		timeout = DefaultSignerTimeout
	}
	s := &Signer{command: command, timeout: timeout, keys: map[string]bool{}, lines: make(chan []byte, 1)}
	s.cmd = exec.Command(words[0], words[1:]...)
	s.cmd.Stderr = stderr
	if _, isFile := stderr.(*os.File); !isFile && stderr != nil {
		// exec copies into any other writer from a goroutine of its own,
		// which would race with natsplan's own messages to it: the
		// signer's are kept apart and passed on once it has exited.
		s.stderr, s.cmd.Stderr = stderr, &s.errBuf
	}
	if s.stdin, err = s.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting signer %q: %w", command, err)
	}
	go s.read(stdout)
	if err := s.hello(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// read feeds the signer's answers, line by line, to s.lines.
func (s *Signer) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	for sc.Scan() {
		s.lines <- append([]byte(nil), sc.Bytes()...)
	}
	s.readErr = sc.Err()
	close(s.lines)
}

// helloAnswer is the signer's answer to hello.
type helloAnswer struct {
	Version    int      `json:"version"`
	PublicKeys []string `json:"public_keys"`
	Create     bool     `json:"create"`
}

func (s *Signer) hello() error {
	var a helloAnswer
	if err := s.ask(map[string]any{"op": "hello", "version": ProtocolVersion}, "hello", &a); err != nil {
		return err
	}
	if a.Version != ProtocolVersion {
		return fmt.Errorf("signer %q speaks protocol version %d; natsplan speaks version %d", s.command, a.Version, ProtocolVersion)
	}
	for _, pub := range a.PublicKeys {
		if !nkeys.IsValidPublicKey(pub) {
			return fmt.Errorf("signer %q listed %q, which is not an nkey public key", s.command, clip(pub))
		}
		s.keys[pub] = true
	}
	s.create = a.Create
	return nil
}

// Has reports whether the signer said it can sign for pub.
func (s *Signer) Has(pub string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys[pub]
}

// Where names the signer by its command.
func (s *Signer) Where() string { return fmt.Sprintf("signer %q", s.command) }

// CanCreate reports whether the signer makes new keys.
func (s *Signer) CanCreate() bool { return s.create }

// Key returns a Key that signs as pub through the signer.
func (s *Signer) Key(pub string) (Key, error) {
	if !s.Has(pub) {
		return nil, fmt.Errorf("%s cannot sign for %s: %w", s.Where(), pub, ErrNoKey)
	}
	return remoteKey{s: s, pub: pub}, nil
}

type remoteKey struct {
	s   *Signer
	pub string
}

func (k remoteKey) PublicKey() (string, error) { return k.pub, nil }

func (k remoteKey) Sign(data []byte) ([]byte, error) { return k.s.Sign(k.pub, data) }

// Sign asks the signer to sign data as pub and verifies the signature.
func (s *Signer) Sign(pub string, data []byte) ([]byte, error) {
	var a struct {
		Signature string `json:"signature"`
	}
	req := map[string]any{"op": "sign", "public_key": pub, "payload": base64.RawURLEncoding.EncodeToString(data)}
	if err := s.ask(req, "signing with "+pub, &a); err != nil {
		return nil, err
	}
	sig, err := base64.RawURLEncoding.DecodeString(a.Signature)
	if err == nil {
		err = Verify(pub, data, sig)
	}
	if err != nil {
		return nil, s.fail(fmt.Errorf("%s returned a bad signature for %s: %v; nothing it signed is used", s.Where(), pub, err))
	}
	return sig, nil
}

// Create asks the signer for a new key of the given kind.
func (s *Signer) Create(prefix nkeys.PrefixByte) (string, error) {
	kind, ok := kinds[prefix]
	if !ok {
		return "", fmt.Errorf("the signer protocol makes no %v keys", prefix)
	}
	if !s.create {
		return "", fmt.Errorf("%s does not create keys", s.Where())
	}
	var a struct {
		PublicKey string `json:"public_key"`
	}
	if err := s.ask(map[string]any{"op": "create", "kind": kind}, "creating an "+kind+" key", &a); err != nil {
		return "", err
	}
	if !nkeys.IsValidPublicKey(a.PublicKey) || nkeys.Prefix(a.PublicKey) != prefix {
		return "", s.fail(fmt.Errorf("%s answered create %s with %q, which is not an %s public key", s.Where(), kind, clip(a.PublicKey), kind))
	}
	s.mu.Lock()
	s.keys[a.PublicKey] = true
	s.mu.Unlock()
	return a.PublicKey, nil
}

var kinds = map[nkeys.PrefixByte]string{
	nkeys.PrefixByteOperator: "operator",
	nkeys.PrefixByteAccount:  "account",
	nkeys.PrefixByteUser:     "user",
}

// Close ends the signer: its stdin is closed, which tells it to exit,
// and it is killed if it has not within a second.
func (s *Signer) Close() error {
	s.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	if s.stderr != nil {
		s.stderr.Write(s.errBuf.Bytes())
	}
	return nil
}

var errBroken = errors.New("the signer was stopped after an earlier failure")
