package nkeysigner

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/nats-io/nkeys"
)

// Main is the signer command: flags -dir DIR and -create, requests on
// stdin, answers on stdout, until stdin is closed.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("signer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "directory of nkey seeds (<public key>.nk files)")
	create := fs.Bool("create", false, "make natsplan's new keys here")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "signer: -dir is required")
		return 2
	}
	st, err := Open(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "signer:", err)
		return 1
	}
	defer st.Wipe()
	if err := Serve(st, *create, stdin, stdout); err != nil {
		fmt.Fprintln(stderr, "signer:", err)
		return 1
	}
	return 0
}

// Request is one line natsplan sends.
type Request struct {
	Op        string `json:"op"`
	Version   int    `json:"version,omitempty"`
	PublicKey string `json:"public_key,omitempty"`
	Payload   string `json:"payload,omitempty"`
	Kind      string `json:"kind,omitempty"`
}

// Serve answers requests, one JSON line each, until in ends.
func Serve(st *Store, create bool, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	enc := json.NewEncoder(out)
	for sc.Scan() {
		if err := enc.Encode(Answer(st, create, sc.Bytes())); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Answer is the answer to one request line.
func Answer(st *Store, create bool, line []byte) any {
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return refusal("not a JSON request: %v", err)
	}
	switch req.Op {
	case "hello":
		if req.Version != 1 {
			return refusal("this signer speaks protocol version 1, not %d", req.Version)
		}
		return map[string]any{"version": 1, "public_keys": st.PublicKeys(), "create": create}
	case "sign":
		payload, err := base64.RawURLEncoding.DecodeString(req.Payload)
		if err != nil {
			return refusal("payload is not base64url without padding: %v", err)
		}
		sig, err := st.Sign(req.PublicKey, payload)
		if err != nil {
			return refusal("%v", err)
		}
		return map[string]string{"signature": base64.RawURLEncoding.EncodeToString(sig)}
	case "create":
		prefix, ok := kinds[req.Kind]
		if !create || !ok {
			return refusal("cannot create a key of kind %q", req.Kind)
		}
		pub, err := st.Create(prefix)
		if err != nil {
			return refusal("%v", err)
		}
		return map[string]string{"public_key": pub}
	}
	return refusal("unknown op %q", req.Op)
}

var kinds = map[string]nkeys.PrefixByte{
	"operator": nkeys.PrefixByteOperator,
	"account":  nkeys.PrefixByteAccount,
	"user":     nkeys.PrefixByteUser,
}

func refusal(format string, args ...any) map[string]string {
	return map[string]string{"error": fmt.Sprintf(format, args...)}
}
