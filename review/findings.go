package review

import (
	"fmt"
	"strings"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// Finding is one security-relevant line of a plan.
type Finding struct {
	Address string // the entity changed
	Kind    string // a short tag: "key replaced", "revocation", ...
	What    string // one sentence, in the language's names
}

// Finding kinds, as the markdown plan prints them.
const (
	KeyReplaced   = "key replaced"
	Revocation    = "revocation"
	Deletion      = "deletion"
	NewAccess     = "new access"
	WidenedAccess = "widened access"
	Permissions   = "permissions widened"
	Unlimited     = "limit raised to unlimited"
	NoExpiry      = "expiry removed"
	UnknownAction = "unknown action"
)

// Findings returns the security-relevant findings of every change of p,
// in plan order.
func Findings(p *planner.Plan) []Finding {
	var out []Finding
	for _, c := range p.Changes {
		out = append(out, OfChange(c, p.Pending)...)
	}
	return out
}

// OfChange returns the findings of one change. pending holds the plan's
// placeholder keys: a key apply has not made yet is not shown as if it
// were one (it is a valid-looking key with no seed behind it).
func OfChange(c *planner.Change, pending map[string]string) []Finding {
	f := finder{addr: c.Address, update: c.Action == planner.Update}
	switch c.Action {
	case planner.Create, planner.Update:
		f.entity(c)
	case planner.Replace:
		next := "(known after apply)"
		if c.Desired != nil && pending[c.Desired.PublicKey] == "" {
			next = c.Desired.PublicKey
		}
		f.add(KeyReplaced, fmt.Sprintf("public_key %s -> %s: the entity gets a new key; JWTs and creds of the old key stop being trusted", c.PriorKey, next))
		f.entity(c)
		return f.out
	case planner.Delete:
		f.add(Deletion, deletion(c.Kind))
		if c.Kind == state.KindUser || c.Kind == state.KindGrant {
			f.add(Revocation, revoked(c.Kind))
		}
		return f.out
	default:
		// A change this code does not know (a replacement, say):
		// a reviewer reads its details, told so here.
		f.add(UnknownAction, fmt.Sprintf("action %q is not a plain create, update or delete: it may replace keys; read its claims", string(rune(c.Action))))
	}
	f.walk(c.Diff, "")
	return f.out
}

func deletion(k state.Kind) string {
	switch k {
	case state.KindAccount:
		return "the account is deleted from the resolvers on push; its users stop working"
	case state.KindUser:
		return "the user is removed"
	case state.KindGrant:
		return "the activation is withdrawn"
	}
	return fmt.Sprintf("the %s is destroyed", k)
}

func revoked(k state.Kind) string {
	if k == state.KindUser {
		return "its account revokes it: its creds stop working"
	}
	return "its exporter revokes the activation: the importer loses the access"
}

type finder struct {
	addr   string
	update bool // the entity exists and changes in place
	out    []Finding
}

func (f *finder) add(kind, what string) {
	f.out = append(f.out, Finding{Address: f.addr, Kind: kind, What: what})
}

// entity notes what creating or re-issuing a grant means; the rest of a
// change is found in its diff lines.
func (f *finder) entity(c *planner.Change) {
	if c.Kind != state.KindGrant {
		return
	}
	if c.Action == planner.Create {
		f.add(NewAccess, "an activation is issued: the importer may use the private export")
	} else {
		f.add(WidenedAccess, "the activation is re-issued with other claims")
	}
}

// walk visits the diff lines; path is the dotted key of the enclosing
// blocks ("" at the top).
func (f *finder) walk(diffs []planner.AttrDiff, path string) {
	for _, d := range diffs {
		key := d.Key
		if path != "" {
			key = path + "." + d.Key
		}
		if d.IsBlock() {
			f.block(d)
			if d.Action == planner.Update || f.update {
				f.walk(d.Block, key)
			}
			continue
		}
		if f.update {
			f.attr(d, key)
		}
	}
}

// block notes a block added or removed whole: revocations, imports,
// exports and signing keys.
func (f *finder) block(d planner.AttrDiff) {
	head := d.Key
	switch {
	case d.Action == planner.Create && strings.HasPrefix(head, "revoke "):
		f.add(Revocation, head+": credentials issued before the revocation stop working")
	case d.Action == planner.Delete && strings.HasPrefix(head, "revoke "):
		f.add(WidenedAccess, head+" is lifted: the revoked credentials work again")
	case d.Action == planner.Create && strings.HasPrefix(head, "import "):
		f.add(NewAccess, head+" is added"+subjectOf(d))
	case d.Action == planner.Create && strings.HasPrefix(head, "signing_key "):
		f.add(NewAccess, head+" is added: a new key may sign")
	case d.Action == planner.Create && isExport(head) && !private(d):
		f.add(NewAccess, head+" is exported publicly"+subjectOf(d)+": any account may import it")
	}
}

func isExport(key string) bool {
	return strings.HasPrefix(key, "service ") || strings.HasPrefix(key, "stream ")
}

func private(d planner.AttrDiff) bool {
	for _, s := range d.Block {
		if s.Key == "private" && s.After == "true" {
			return true
		}
	}
	return false
}

func subjectOf(d planner.AttrDiff) string {
	for _, s := range d.Block {
		if s.Key == "subject" && s.After != "" {
			return " (subject " + s.After + ")"
		}
	}
	return ""
}
