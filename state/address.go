package state

import "strings"

// ParseAddress returns the kind of entity an address names and the name
// its resource records: "operator.N" and "account.N" name an operator and
// an account N, "account.A.user.N" a user N of account A, "grant.N" a
// grant N. Instance keys in brackets never hold a dot, so an address
// splits at dots. ok is false for anything else: a state that holds such
// an address was not written by natsplan.
func ParseAddress(addr string) (kind Kind, name string, ok bool) {
	parts := strings.Split(addr, ".")
	switch {
	case len(parts) == 2 && parts[0] == "operator":
		kind = KindOperator
	case len(parts) == 2 && parts[0] == "account":
		kind = KindAccount
	case len(parts) == 4 && parts[0] == "account" && parts[2] == "user" && parts[1] != "":
		kind = KindUser
	case len(parts) == 2 && parts[0] == "grant":
		kind = KindGrant
	default:
		return "", "", false
	}
	name = parts[len(parts)-1]
	return kind, name, name != ""
}

// ClaimName is the name the JWT of an entity recorded under name carries:
// the name itself, or for an instance of a block with for_each
// (label["key"]) its key.
func ClaimName(name string) string {
	if i := strings.Index(name, `["`); i > 0 && strings.HasSuffix(name, `"]`) && len(name) >= i+4 {
		return name[i+2 : len(name)-2]
	}
	return name
}

// Article is the kind with its indefinite article, for messages: "an
// account", "a user".
func Article(k Kind) string {
	if k == KindOperator || k == KindAccount {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// Rename gives r the label name, keeping what its JWT says: the JWT still
// carries the name it was signed with until it is re-signed, so that name
// is recorded as the claim name (a grant's JWT is named after its
// subject, not its label).
func (r *Resource) Rename(name string) {
	if r.Kind != KindGrant {
		signed := r.ClaimName
		if signed == "" {
			signed = ClaimName(r.Name)
		}
		r.ClaimName = ""
		if signed != ClaimName(name) {
			r.ClaimName = signed
		}
	}
	r.Name = name
}
