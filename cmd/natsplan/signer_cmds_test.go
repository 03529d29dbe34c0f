package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/natsplan/natsplan/examples/signer/nkeysigner"
)

// The signers the tests run natsplan with, as commands on $PATH
// (testscript.RunMain puts them there for scripts and Go tests alike):
// nkeys-signer is examples/signer itself; bad-signer is it with one kind
// of failure on every sign request.
var signerCommands = map[string]func() int{
	"nkeys-signer": func() int { return nkeysigner.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) },
	"bad-signer":   badSigner,
}

// badSigner is `bad-signer MODE -dir DIR [-create]`: the example signer,
// except that it answers every sign request wrongly, as MODE says:
// wrong-signature (a valid signature of other bytes), error (a refusal),
// garbage (not JSON), or hang (no answer at all).
func badSigner() int {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bad-signer MODE -dir DIR [-create]")
		return 2
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet("bad-signer", flag.ExitOnError)
	dir := fs.String("dir", "", "")
	create := fs.Bool("create", false, "")
	fs.Parse(os.Args[2:])
	st, err := nkeysigner.Open(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sc := bufio.NewScanner(os.Stdin)
	enc := json.NewEncoder(os.Stdout)
	for sc.Scan() {
		var req nkeysigner.Request
		_ = json.Unmarshal(sc.Bytes(), &req)
		if req.Op != "sign" {
			enc.Encode(nkeysigner.Answer(st, *create, sc.Bytes()))
			continue
		}
		switch mode {
		case "wrong-signature":
			req.Payload += "AA" // other bytes, signed with the right key
			other, _ := json.Marshal(req)
			enc.Encode(nkeysigner.Answer(st, *create, other))
		case "error":
			enc.Encode(map[string]string{"error": "the HSM is offline"})
		case "garbage":
			fmt.Fprintln(os.Stdout, "<html>502 Bad Gateway</html>")
		case "hang":
			time.Sleep(time.Hour)
		}
	}
	return 0
}
