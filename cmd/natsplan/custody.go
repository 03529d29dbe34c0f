package main

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"strconv"
	"time"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/state"
)

// custodyFlags say where the keys are besides the keystore directory:
// an external signer, and the age recipient and identity of an encrypted
// keystore. Every command that reads the keystore takes them.
type custodyFlags struct {
	signer        string
	signerTimeout time.Duration
	ageRecipient  string
	ageIdentity   string

	opened custody.Custody // once per run: the signer is started once
	closer func()
}

func (ws *workspace) addCustodyFlags(fs *flag.FlagSet) {
	k := &ws.keys
	fs.StringVar(&k.signer, "signer", os.Getenv("NATSPLAN_SIGNER"), "external signer COMMAND, split as a shell would, no shell run (env NATSPLAN_SIGNER; docs/signer.md)")
	fs.DurationVar(&k.signerTimeout, "signer-timeout", custody.DefaultSignerTimeout, "how long to wait for one answer of the signer")
	fs.StringVar(&k.ageRecipient, "keystore-age-recipient", os.Getenv("NATSPLAN_KEYSTORE_AGE_RECIPIENT"), "write new seeds encrypted to this age recipient (env NATSPLAN_KEYSTORE_AGE_RECIPIENT)")
	fs.StringVar(&k.ageIdentity, "keystore-age-identity", "", "file of the age identity that reads an encrypted keystore (env NATSPLAN_KEYSTORE_AGE_IDENTITY: the identity itself)")
}

// custody returns what apply signs through: the keystore, then the
// signer when -signer is given. The caller closes it with closeCustody.
func (ws *workspace) custody() (custody.Custody, *state.Keystore, bool) {
	ks, ok := ws.keystore()
	if !ok {
		return nil, nil, false
	}
	if ws.keys.opened != nil {
		return ws.keys.opened, ks, true
	}
	chain := custody.Chain{custody.FromKeystore(ks)}
	if ws.keys.signer != "" {
		s, err := custody.StartSigner(ws.keys.signer, ws.keys.signerTimeout, ws.c.stderr)
		if err != nil {
			ws.c.errorf("%v", err)
			return nil, nil, false
		}
		chain = append(chain, s)
	}
	ws.keys.opened = chain
	return chain, ks, true
}

// readCustody is custody for a command that must not write (plan
// -check-keys): a keystore that does not exist holds no key, and none is
// created.
func (ws *workspace) readCustody() (custody.Custody, bool) {
	if _, err := os.Stat(ws.c.path(ws.keystoreDir)); errors.Is(err, fs.ErrNotExist) && ws.keys.signer == "" {
		return custody.Chain{custody.FromKeystore(nil)}, true
	}
	c, _, ok := ws.custody()
	return c, ok
}

// closeCustody wipes derived keys and stops the signer.
func (ws *workspace) closeCustody() {
	if ws.keys.opened != nil {
		ws.keys.opened.Close()
		ws.keys.opened = nil
	}
}

// signerKeys starts the signer before planning; one that creates keys
// makes the keys of new entities itself, during apply, so no KeyMaker
// makes them in this process.
func (ws *workspace) signerKeys() bool {
	c, _, ok := ws.custody()
	if !ok {
		return false
	}
	if _, creates := custody.CreatorOf(c); creates {
		ws.keyMaker.Wipe()
		ws.keyMaker = nil
	}
	return true
}

// credsSeedHere refuses, with what to do instead, creds for a user whose
// seed only the signer holds: a creds file is the seed, and a signer
// signs but never hands a seed out (docs/signer.md, "Users and creds").
func (ws *workspace) credsSeedHere(ks *state.Keystore, addr, pub string) bool {
	if ws.keys.signer == "" || ks.Has(pub) {
		return true
	}
	keys, _, ok := ws.custody()
	if !ok {
		return false
	}
	defer ws.closeCustody()
	if !keys.Has(pub) {
		return true // Get says what is missing
	}
	ws.c.errorf("the seed of %s (%s) is held by %s, which signs with it but never hands it out; "+
		"a creds file is the user's seed, so natsplan cannot write one. Take the creds from where the signer keeps its keys, "+
		"or keep users' keys in the keystore: apply with a signer that does not create keys (create:false) makes new keys there", addr, pub, "signer "+strconv.Quote(ws.keys.signer))
	return false
}

// sealKeystore gives ks the age recipient that seals new seeds and the
// identity that opens sealed ones, as the flags and environment say.
func (ws *workspace) sealKeystore(ks *state.Keystore) bool {
	a, ok := ws.age(ws.keys.ageRecipient)
	if !ok {
		return false
	}
	if a.CanSeal() {
		ks.Seal = a
	}
	if a.CanOpen() {
		ks.Open = a
	}
	return true
}

// age reads the age recipient given and the identity: the file
// -keystore-age-identity names, else NATSPLAN_KEYSTORE_AGE_IDENTITY, which
// holds the identity itself (a CI secret variable).
func (ws *workspace) age(recipient string) (*custody.Age, bool) {
	identity := os.Getenv("NATSPLAN_KEYSTORE_AGE_IDENTITY")
	if f := ws.keys.ageIdentity; f != "" {
		b, err := os.ReadFile(ws.c.path(f))
		if err != nil {
			ws.c.errorf("reading the age identity: %v", err)
			return nil, false
		}
		identity = string(b)
	}
	a, err := custody.NewAge(recipient, identity)
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	return a, true
}
