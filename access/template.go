package access

import (
	"regexp"
	"strings"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
)

// A scoped signing key's template may name the user in its subjects:
// {{name()}}, {{subject()}}, {{account-name()}}, {{account-subject()}}.
// Tag functions expand to several subjects and are left to the server:
// the analysis answers unknown for them.
var mustache = regexp.MustCompile(`{{2}([^}]+)}{2}`)

// expandTemplate returns the template's limits with u's values filled in.
func expandTemplate(lim jwt.UserPermissionLimits, u *User) (jwt.UserPermissionLimits, *failure) {
	lists := []*jwt.StringList{&lim.Sub.Allow, &lim.Sub.Deny, &lim.Pub.Allow, &lim.Pub.Deny}
	wasAllow := []bool{len(lim.Sub.Allow) > 0, false, len(lim.Pub.Allow) > 0, false}
	// Copy before filling in: the template belongs to the account's claims.
	for i, l := range lists {
		out := jwt.StringList{}
		for _, s := range *l {
			v, f := fillIn(s, u, i%2 == 1)
			if f != nil {
				return lim, f
			}
			if v != "" {
				out = append(out, v)
			}
		}
		if len(out) == 0 {
			out = nil
		}
		*l = out
	}
	// An allow list that expanded to nothing denies everything, as the
	// server compensates for it.
	if wasAllow[0] && len(lim.Sub.Allow) == 0 {
		lim.Sub.Deny.Add(">")
	}
	if wasAllow[2] && len(lim.Pub.Allow) == 0 {
		lim.Pub.Deny.Add(">")
	}
	return lim, nil
}

// fillIn expands one subject; "" when the result is not a valid subject
// in an allow list (the server drops it). In a deny list an invalid
// result refuses the user.
func fillIn(s string, u *User, isDeny bool) (string, *failure) {
	if !mustache.MatchString(s) {
		return s, nil
	}
	out := s
	for _, m := range mustache.FindAllString(s, -1) {
		op := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(m, "{{"), "}}"))
		var v string
		switch strings.ToLower(op) {
		case "name()":
			v = u.Claims.Name
		case "subject()":
			v = u.Claims.Subject
		case "account-name()":
			v = u.Account.Claims.Name
		case "account-subject()":
			v = u.Claims.IssuerAccount
		default:
			if strings.HasPrefix(strings.ToLower(op), "tag(") || strings.HasPrefix(strings.ToLower(op), "account-tag(") {
				return "", unknown("%s: template %q expands tags, which the analysis leaves to the server", u.Address, s)
			}
			return "", deny("%s cannot connect: template operation %q is not defined", u.Address, op)
		}
		out = strings.ReplaceAll(out, m, v)
	}
	if !server.IsValidSubject(out) {
		if isDeny {
			return "", deny("%s cannot connect: its template %q generates the invalid subject %q", u.Address, s, out)
		}
		return "", nil
	}
	return out, nil
}
