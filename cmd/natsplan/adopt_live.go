package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/nscstore"
)

// adoptedStore reads what adopt adopts: the nsc store of -nsc, or with
// -server the accounts the servers' resolvers hold, the operator JWT of
// -operator-jwt (or of -nsc) and the users of -nsc.
func (c *cli) adoptedStore(f adoptFlags) (*nscstore.Store, bool) {
	var store *nscstore.Store
	if f.nsc != "" {
		var err error
		if store, err = nscstore.Open(c.path(f.nsc), f.operator); err != nil {
			c.errorf("%v", err)
			return nil, false
		}
	}
	if f.server == "" {
		return store, true
	}
	return c.liveStore(f, store)
}

// source names what was adopted, for messages.
func (f adoptFlags) source() string {
	if f.server != "" {
		return "the servers at " + live.Redact(f.server)
	}
	return f.nsc
}

// liveStore assembles the store to adopt from the servers' resolvers.
// Resolvers hold no users: those come from the nsc store, when given.
func (c *cli) liveStore(f adoptFlags, nsc *nscstore.Store) (*nscstore.Store, bool) {
	op, ok := c.operatorJWT(f, nsc)
	if !ok {
		return nil, false
	}
	auth, ok := c.liveAuth(f, op)
	if !ok {
		return nil, false
	}
	ctx := context.Background()
	sess, err := live.Dial(ctx, strings.Split(f.server, ","), auth, live.Options{})
	if err != nil {
		c.errorf("%v", err)
		return nil, false
	}
	defer sess.Close()
	for _, u := range sess.Unreachable {
		fmt.Fprintf(c.stderr, "Warning: %s is unreachable (%v); adopting what the other servers hold.\n", live.Redact(u.URL), u.Err)
	}
	held, bad, err := sess.HeldAccounts(ctx)
	if err != nil {
		c.errorf("reading the accounts the servers hold: %v", err)
		return nil, false
	}
	for _, k := range bad {
		fmt.Fprintf(c.stderr, "Warning: no JWT the servers hold for account %s verifies; it is not adopted.\n", k)
	}
	accounts := c.heldFiles(held, nsc)
	var users []nscstore.File
	if nsc != nil {
		users = nsc.Users()
	} else {
		fmt.Fprintln(c.stderr, "Note: resolvers hold no users, so none are adopted; give -nsc=DIR to merge the users of an nsc store.")
	}
	store, strays, err := nscstore.Assemble(f.source(), op, accounts, users)
	if err != nil {
		c.errorf("%v", err)
		return nil, false
	}
	for _, u := range strays {
		fmt.Fprintf(c.stderr, "Warning: user %s (%s) belongs to no account the servers hold; it is not adopted.\n", u.Claims.Name, u.Path)
	}
	return store, true
}

// heldFiles names each JWT the servers hold after its account, and says
// where the servers disagree with each other or with the nsc store:
// what runs is what is adopted.
func (c *cli) heldFiles(held []live.Held, nsc *nscstore.Store) []nscstore.File {
	inStore := map[string]string{}
	if nsc != nil {
		for _, a := range nsc.Accounts {
			inStore[a.Claims.Subject] = a.JWT
		}
	}
	var out []nscstore.File
	for _, h := range held {
		if h.Differ {
			fmt.Fprintf(c.stderr, "Warning: the servers hold different JWTs for account %s; adopting the newest.\n", h.PublicKey)
		}
		if s, ok := inStore[h.PublicKey]; ok && s != h.JWT {
			fmt.Fprintf(c.stderr, "Warning: the servers hold another JWT for account %s than the nsc store; adopting the servers'.\n", h.PublicKey)
		}
		out = append(out, nscstore.File{Path: "the servers' JWT of account " + h.PublicKey, JWT: h.JWT})
	}
	return out
}

// operatorJWT reads -operator-jwt, or takes the nsc store's operator.
func (c *cli) operatorJWT(f adoptFlags, nsc *nscstore.Store) (nscstore.File, bool) {
	if f.opJWT == "" {
		if nsc == nil {
			c.errorf("adopting from servers needs the operator JWT, which servers do not hand out: give -operator-jwt=FILE or -nsc=DIR")
			return nscstore.File{}, false
		}
		return nsc.Operator.File, true
	}
	b, err := os.ReadFile(c.path(f.opJWT))
	if err != nil {
		c.errorf("%v", err)
		return nscstore.File{}, false
	}
	return nscstore.File{Path: f.opJWT, JWT: strings.TrimSpace(string(b))}, true
}

// liveAuth is -creds, or a short-lived system user signed with the
// system account's key from nsc's keys.
func (c *cli) liveAuth(f adoptFlags, op nscstore.File) (*live.Auth, bool) {
	if f.creds != "" {
		return live.CredsAuth(c.path(f.creds)), true
	}
	oc, err := jwt.DecodeOperatorClaims(op.JWT)
	if err != nil {
		c.errorf("%s: not a valid operator JWT: %v", op.Path, err)
		return nil, false
	}
	if oc.SystemAccount == "" {
		c.errorf("%s names no system account, whose user reads the servers' resolvers; give -creds=FILE", op.Path)
		return nil, false
	}
	keys, err := nscstore.OpenKeys(c.path(f.keys))
	if err != nil {
		c.errorf("%v (or give -creds=FILE)", err)
		return nil, false
	}
	kp, err := keys.Get(oc.SystemAccount)
	if err != nil {
		c.errorf("natsplan needs the system account's key to sign a user for the servers (or give -creds=FILE): %v", err)
		return nil, false
	}
	return live.KeyAuth(kp), true
}
