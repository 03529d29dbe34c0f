package lang

// Rules about who signs what: operator and account signing keys, strict
// signing key usage, and scoped signing keys (roles), whose users carry
// no permissions of their own. These are the rules nsc applies when
// `nsc add user -K` and `nsc edit signing-key` run, plus the one it leaves
// to the server: a scoped user with permissions is rejected at connect.

import (
	"net/url"
	"strings"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

func isAccountKey(k string) bool { return nkeys.IsValidPublicAccountKey(k) }

// operator checks the operator's own arguments.
func (v *validator) operator() {
	op := v.cfg.Operator
	if op == nil {
		return
	}
	r := op.Ranges
	if op.StrictSigningKeys && len(op.SigningKeys) == 0 {
		v.errorf(r.Of("strict_signing_key_usage"), "Strict signing without signing keys",
			"With strict_signing_key_usage the operator's identity key signs nothing but the operator, so accounts need "+
				"an operator signing key. Add signing_key \"NAME\" {} to the operator.")
	}
	for _, u := range op.ServiceURLs {
		if err := jwt.ValidateOperatorServiceURL(u); err != nil {
			v.errorf(r.Of("service_urls"), "Invalid service URL", "%s. Service URLs look like nats://host:4222 or tls://host:4222.", err)
		}
	}
	if op.AccountServerURL != "" {
		if u, err := url.Parse(op.AccountServerURL); err != nil || u.Scheme == "" {
			v.errorf(r.Of("account_server_url"), "Invalid account server URL",
				"%q is not a URL with a scheme. Write it as https://host/jwt/v1.", op.AccountServerURL)
		}
	}
	if _, _, _, err := jwt.ParseServerVersion(op.AssertServerVersion); err != nil {
		v.errorf(r.Of("assert_server_version"), "Invalid server version", "%s. Write it as \"2.10.0\".", err)
	}
}

// accountSigner checks and defaults the operator signing key that signs
// account a: under strict signing key usage, the operator's first.
func (v *validator) accountSigner(a *Account) {
	op := v.cfg.Operator
	if op == nil {
		return
	}
	if a.Signer == "" {
		if !op.StrictSigningKeys || len(op.SigningKeys) == 0 {
			return
		}
		if k := firstUsable(op.SigningKeys, false); k != nil {
			a.Signer = k.Name
			return
		}
		v.errorf(a.DeclRange, "Missing signing key",
			"The operator sets strict_signing_key_usage, so its identity key may not sign account %q, and every "+
				"operator signing key is retiring or compromised. Add another signing_key \"NAME\" {} to the operator.", a.Name)
		return
	}
	if v.unusableSigner(op.SigningKey(a.Signer), a.Ranges) {
		a.Signer = ""
		return
	}
	if op.SigningKey(a.Signer) == nil {
		v.errorf(a.Ranges.Of("signed_by"), "Reference to undeclared signing key",
			"Operator %q has no signing key named %q.%s Declare it with signing_key %q {} in the operator block, or correct the name.",
			op.Name, a.Signer, didYouMean(a.Signer, keyNames(op.SigningKeys)), a.Signer)
		a.Signer = ""
	}
}

// userSigner checks and defaults the key that signs user u of a: under
// strict signing key usage, the account's first unscoped signing key.
func (v *validator) userSigner(a *Account, u *User) {
	strict := v.cfg.Operator != nil && v.cfg.Operator.StrictSigningKeys
	if u.Signer == "" {
		if !strict {
			return
		}
		if k := firstUsable(a.SigningKeys, true); k != nil {
			u.Signer = k.Name
			return
		}
		v.errorf(u.DeclRange, "Missing signing key",
			"The operator sets strict_signing_key_usage, so account %q's own key may not sign users, and the account "+
				"has no unscoped signing key to default to (retiring and compromised keys sign nothing). "+
				"Add signing_key \"NAME\" {} to the account, or set signed_by.", a.Name)
		return
	}
	k := a.SigningKey(u.Signer)
	if v.unusableSigner(k, u.Ranges) {
		u.Signer = ""
		return
	}
	if k == nil {
		v.errorf(u.Ranges.Of("signed_by"), "Reference to undeclared signing key",
			"Account %q has no signing key named %q.%s Declare it with signing_key %q {} in the account, or correct the name.",
			a.Name, u.Signer, didYouMean(u.Signer, keyNames(a.SigningKeys)), u.Signer)
		u.Signer = ""
		return
	}
	if k.Scoped && len(u.Settings.Set) > 0 {
		v.errorf(u.Ranges.Of(u.Settings.Set[0]), "Permissions on a user of a scoped signing key",
			"User %q is signed by the scoped signing key %q (role %q), so its permissions and limits come from the role's "+
				"template, and nats-server rejects a scoped user that carries any of its own. Remove %s, or move them into the template.",
			u.Name, k.Name, k.Role, strings.Join(u.Settings.Set, ", "))
	}
}

// grantSigner checks that the signing key a grant names is one of the
// exporting account's.
func (v *validator) grantSigner(g *Grant) {
	a := v.accounts[g.From]
	if g.Signer == "" || a == nil {
		return
	}
	if k := a.SigningKey(g.Signer); k != nil {
		if v.unusableSigner(k, g.Ranges) {
			g.Signer = ""
		}
		return
	}
	v.errorf(g.Ranges.Of("signed_by"), "Reference to undeclared signing key",
		"Account %q has no signing key named %q.%s Declare it with signing_key %q {} in the account, or correct the name.",
		a.Name, g.Signer, didYouMean(g.Signer, keyNames(a.SigningKeys)), g.Signer)
	g.Signer = ""
}

func keyNames(keys []*SigningKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Name
	}
	return out
}

// authorization checks the callout: its auth users are users of the
// account itself, and the accounts it may place users in exist.
func (v *validator) authorization(a *Account) {
	auth := a.Authorization
	if auth == nil {
		return
	}
	for _, u := range auth.AuthUsers {
		acct, user, ok := strings.Cut(strings.TrimPrefix(u.Address, "account."), ".user.")
		switch {
		case u.Address == "":
		case acct != a.Name:
			v.errorf(u.Range, "Auth user of another account",
				"The callout's auth users connect to account %q itself, but %s is a user of account %q. Name a user of this account.",
				a.Name, u.Address, acct)
		case !ok || a.User(user) == nil:
			v.errorf(u.Range, "Reference to undeclared user",
				"Account %q has no user named %q. Declare it with a user block, or correct the name.", a.Name, user)
		}
	}
	for _, r := range auth.AllowedAccounts {
		name := strings.TrimPrefix(r.Address, "account.")
		if r.Address != "" && v.accounts[name] == nil {
			v.diags = append(v.diags, undeclared("account", name, v.names, r.Range))
		}
	}
}
