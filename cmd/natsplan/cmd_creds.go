package main

import (
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// cmdCreds writes a standard NATS creds file for one user: the user's JWT
// from state and its seed from the keystore. This is the one command whose
// output holds a seed, because that is what a creds file is; with -o the
// file is written at mode 0600.
func cmdCreds(c *cli, args []string) int {
	fs := c.flags("creds")
	ws := c.workspace(fs)
	out := fs.String("o", "", "write to this file (mode 0600) instead of stdout")
	pos, ok := parse(fs, args)
	if !ok {
		return exitError
	}
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	addr := "account." + pos[0] + ".user." + pos[1]
	r := st.Get(addr)
	if r == nil {
		c.errorf("%s", missingUser(st, pos[0], pos[1]))
		return exitError
	}
	// The seed handed out is the one of the key the state records: that
	// key must be the subject of the user's JWT, which must verify up to
	// the operator under this user's name, or an edited state would hand
	// out another user's seed.
	if !ws.verified(st, "write creds from", credsChain(st, addr)) {
		return exitError
	}
	ks, ok := ws.keystore()
	if !ok {
		return exitError
	}
	if !ws.credsSeedHere(ks, addr, r.PublicKey) {
		return exitError
	}
	kp, err := ks.Get(r.PublicKey)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	seed, err := kp.Seed()
	if err != nil {
		c.errorf("reading the seed of %s: %v", addr, err)
		return exitError
	}
	creds, err := jwt.FormatUserConfig(r.JWT, seed)
	if err != nil {
		c.errorf("formatting creds for %s: %v", addr, err)
		return exitError
	}
	if *out == "" {
		if isTerminal(c.stdout) {
			fmt.Fprintf(c.stderr, "Warning: these creds hold the seed of %s, a secret: anyone who reads it can connect as that user. "+
				"Use -o FILE to write them to a file at mode 0600 instead.\n", addr)
		}
		_, err = c.stdout.Write(creds)
	} else {
		// Atomically, at 0600 whatever was there before, and never over
		// the state or into the keystore (a link there is followed).
		err = ws.guard().Write(c.path(*out), creds, 0o600)
		if err == nil {
			fmt.Fprintf(c.stderr, "Wrote creds for %s to %s (mode 0600).\n", addr, *out)
		}
	}
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	return exitOK
}

// credsChain is what a user's creds rest on: the user, its account and
// the operator.
func credsChain(st *state.State, user string) []string {
	out := []string{user, user[:strings.LastIndex(user, ".user.")]}
	for _, addr := range st.Addresses() {
		if k, _, _ := state.ParseAddress(addr); k == state.KindOperator {
			out = append(out, addr)
		}
	}
	return out
}

// missingUser says which of account and user the state lacks, so that a
// misspelled account is not reported as a missing user.
func missingUser(st *state.State, account, user string) string {
	prefix := "account." + account + ".user."
	var accounts, users []string
	for _, a := range st.Addresses() {
		switch r := st.Resources[a]; {
		case r.Kind == state.KindAccount:
			accounts = append(accounts, strings.TrimPrefix(a, "account."))
		case r.Kind == state.KindUser && strings.HasPrefix(a, prefix):
			users = append(users, strings.TrimPrefix(a, prefix))
		}
	}
	if st.Get("account."+account) == nil {
		return fmt.Sprintf("there is no account %q in the state.%s Is it in the configuration and applied?",
			account, suggest(account, accounts))
	}
	return fmt.Sprintf("account %q has no user %q in the state.%s Is it in the configuration and applied?",
		account, user, suggest(user, users))
}
