package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/nats-io/nkeys"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/natsplan/natsplan/state"
)

// cmdMoveKey is the testscript command `movekey STATE ADDRESS KEYSTORE
// OFFLINE`: it moves the seed of the key the state records for ADDRESS
// (an entity, or a signing key: operator.O.signing_key.NAME)
// out of KEYSTORE (its packs and nsc files) into a keystore at OFFLINE
// (nsc's layout), as someone who keeps the operator's identity key
// offline would.
func cmdMoveKey(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: movekey STATE ADDRESS KEYSTORE OFFLINE")
	}
	st, err := state.Read(ts.MkAbs(args[0]))
	ts.Check(err)
	owner, name, isSigning := strings.Cut(args[1], ".signing_key.")
	r := st.Get(owner)
	if r == nil {
		ts.Fatalf("no %s in the state", owner)
	}
	pub, ks := r.PublicKey, ts.MkAbs(args[2])
	if isSigning {
		pub = r.SigningKeys[name]
	}
	var seed []byte
	ts.Check(filepath.WalkDir(ks, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case filepath.Base(path) == pub+".nk":
			seed = bytes.TrimSpace(b)
			return os.Remove(path)
		case strings.HasSuffix(path, ".keys"):
			var kept []string
			for _, line := range strings.SplitAfter(string(b), "\n") {
				if p, s, ok := strings.Cut(strings.TrimSpace(line), " "); ok && p == pub {
					seed = []byte(s)
					continue
				}
				kept = append(kept, line)
			}
			return os.WriteFile(path, []byte(strings.Join(kept, "")), 0o600)
		}
		return nil
	}))
	if seed == nil {
		ts.Fatalf("no seed for %s (%s) in %s", args[1], pub, ks)
	}
	off, err := state.OpenKeystore(ts.MkAbs(args[3]))
	ts.Check(err)
	kp, err := nkeys.FromSeed(seed)
	ts.Check(err)
	ts.Check(off.Put(kp))
}
