package main

import (
	"os"
	"strings"

	"github.com/nats-io/nkeys"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/natsplan/natsplan/state"
)

// cmdStateSet edits the state file by hand, as an attacker's pull request
// would: `stateset ADDR FIELD VALUE` sets one field of one resource, and
// writes the file in place (no backup, no serial change), so that the
// state.json.backup of the last apply stays the sound copy to restore.
// VALUE is a literal, `@ADDR` for the same field of another resource,
// or `new-account-key` / `new-user-key` / `new-operator-key` for a key
// whose seed only the "attacker" holds. Fields: public_key, kind, jwt,
// digest, name, issuer.
func cmdStateSet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: stateset ADDR FIELD VALUE")
	}
	path := ts.MkAbs(defaultStatePath)
	st, err := state.Read(path)
	ts.Check(err)
	r := st.Get(args[0])
	if r == nil {
		ts.Fatalf("no %s in the state", args[0])
	}
	value := args[2]
	if from, ok := strings.CutPrefix(value, "@"); ok {
		other := st.Get(from)
		if other == nil {
			ts.Fatalf("no %s in the state", from)
		}
		value = *stateField(ts, other, args[1])
	} else if kp := attackerKey(value); kp != nil {
		value, err = kp.PublicKey()
		ts.Check(err)
	}
	*stateField(ts, r, args[1]) = value
	info, err := os.Stat(path)
	ts.Check(err)
	ts.Check(os.WriteFile(path, encodeState(ts, st), info.Mode()))
}

// cmdStateSwap swaps two resources of the state whole, but for their
// names and kinds: `stateswap ADDR1 ADDR2`, written in place as stateset
// does. Each JWT still verifies; only where it sits is wrong.
func cmdStateSwap(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: stateswap ADDR1 ADDR2")
	}
	path := ts.MkAbs(defaultStatePath)
	st, err := state.Read(path)
	ts.Check(err)
	a, b := st.Get(args[0]), st.Get(args[1])
	if a == nil || b == nil {
		ts.Fatalf("stateswap: %s or %s is not in the state", args[0], args[1])
	}
	na, nb := *b, *a
	na.Name, na.Kind, nb.Name, nb.Kind = a.Name, a.Kind, b.Name, b.Kind
	st.Resources[args[0]], st.Resources[args[1]] = &na, &nb
	info, err := os.Stat(path)
	ts.Check(err)
	ts.Check(os.WriteFile(path, encodeState(ts, st), info.Mode()))
}

func attackerKey(value string) nkeys.KeyPair {
	var kp nkeys.KeyPair
	var err error
	switch value {
	case "new-account-key":
		kp, err = nkeys.CreateAccount()
	case "new-user-key":
		kp, err = nkeys.CreateUser()
	case "new-operator-key":
		kp, err = nkeys.CreateOperator()
	default:
		return nil
	}
	if err != nil {
		panic(err)
	}
	return kp
}

func stateField(ts *testscript.TestScript, r *state.Resource, field string) *string {
	switch field {
	case "public_key":
		return &r.PublicKey
	case "kind":
		return (*string)(&r.Kind)
	case "jwt":
		return &r.JWT
	case "digest":
		return &r.Digest
	case "name":
		return &r.Name
	case "claim_name":
		return &r.ClaimName
	case "issuer":
		return &r.Issuer
	}
	ts.Fatalf("stateset: unknown field %q", field)
	return nil
}

// encodeState writes st as state.Write would, through a scratch file.
func encodeState(ts *testscript.TestScript, st *state.State) []byte {
	dir, err := os.MkdirTemp("", "stateset-")
	ts.Check(err)
	defer os.RemoveAll(dir)
	p := dir + "/s.json"
	st.Serial-- // Write increments it; a hand edit does not
	ts.Check(state.Write(p, st))
	b, err := os.ReadFile(p)
	ts.Check(err)
	return b
}
