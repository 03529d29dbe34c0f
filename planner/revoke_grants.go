package planner

// An activation stays valid until it expires, whatever the configuration
// says later, unless its exporter revokes it. So an activation the state
// holds is revoked (at its iat, on the export it was issued for) not only
// when its grant is removed, but whenever the grant stops standing behind
// it: the grant now goes to another account, is for another export or
// exporter, another subject or kind, or a shorter life. A grant renamed
// without a moved block is a removal and an addition. A grant that is only
// renewed, or moved with a moved block, keeps its activation.
//
// The revocation names the importer's key at the old iat, so a new
// activation for that key must be issued later (Desired.IssueAfter).

import (
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// grantsByExporter groups the grants of st by the address of the account
// that issued them. A grant signed by a signing key names that key as its
// issuer, so keys are looked up among the accounts' signing keys too.
func grantsByExporter(st *state.State, grants []string) map[string][]string {
	out := map[string][]string{}
	if len(grants) == 0 {
		return out
	}
	owner := map[string]string{}
	for addr, r := range st.Resources {
		if r.Kind != state.KindAccount {
			continue
		}
		owner[r.PublicKey] = addr
		for _, k := range r.SigningKeys {
			owner[k] = addr
		}
	}
	for _, addr := range grants {
		if acct, ok := owner[st.Resources[addr].Issuer]; ok {
			out[acct] = append(out[acct], addr)
		}
	}
	return out
}

// grantStands reports whether the activation r, issued at addr by account
// a, is still what the configuration grants.
func (b *builder) grantStands(addr string, r *state.Resource, a *lang.Account) bool {
	if !b.configured[addr] {
		return false
	}
	d := b.settled(addr)
	switch {
	case d == nil:
		return false
	case d.Claims == nil: // unchanged: the same JWT stays
		return true
	case d.PublicKey != r.PublicKey || d.Export != r.Export || exporterOf(d.Signer) != a.Address():
		return false
	}
	old, err := jwt.DecodeActivationClaims(priorJWT(r))
	if err != nil { // what it granted cannot be told: it goes
		return false
	}
	now := d.Claims.(*jwt.ActivationClaims)
	return old.ImportSubject == now.ImportSubject && old.ImportType == now.ImportType &&
		!shorterLife(old.Expires, now.Expires)
}

// shorterLife reports whether an activation expiring at now ends before
// one expiring at old (0: never).
func shorterLife(old, now int64) bool {
	return now != 0 && (old == 0 || now < old)
}

// exporterOf is the account address of a grant's signer, which may be one
// of the account's signing keys.
func exporterOf(signer string) string {
	acct, _, _ := strings.Cut(signer, ".signing_key.")
	return acct
}

// settleIssueAfter sets, for every grant to be signed, the latest
// revocation its exporter carries for the same export and importer from a
// grant removed or re-targeted (configured revocations are the
// configuration's own word and are left alone).
func (b *builder) settleIssueAfter() {
	for _, g := range b.cfg.Grants {
		d := b.out[g.Address()]
		exp := b.out["account."+g.From]
		if d == nil || d.Claims == nil || exp == nil {
			continue
		}
		for _, r := range exp.Revocations {
			if r.Address != "" && r.Export == d.Export && r.PublicKey == d.PublicKey {
				d.IssueAfter = max(d.IssueAfter, r.At)
			}
		}
	}
}

// grantRevocationReasons explains, on an exporter that is re-signed, each
// activation it revokes from now on, and on each grant re-issued meanwhile
// that its old activation goes.
func grantRevocationReasons(c *Change, changed map[string]*Change, name namer) {
	if c.Desired == nil {
		return
	}
	before := map[state.Revocation]bool{}
	if c.Prior != nil {
		for _, r := range c.Prior.Revocations {
			before[r] = true
		}
	}
	for _, r := range c.Desired.Revocations {
		if before[r] || r.Export == "" || !strings.HasPrefix(r.Address, "grant.") {
			continue
		}
		why := "the grant was removed"
		if g := changed[r.Address]; g != nil && g.Action != Delete {
			why = "the re-issued grant no longer grants it"
			g.Reasons = append(g.Reasons, fmt.Sprintf("%s revokes the activation issued before to %s",
				displayKey(c.Address), name(r.PublicKey)))
		}
		c.Reasons = append(c.Reasons, fmt.Sprintf("revokes the activation of %s for %s on export %q: %s",
			r.Address, name(r.PublicKey), r.Export, why))
	}
}
