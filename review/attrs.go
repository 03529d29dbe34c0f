package review

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/natsplan/natsplan/planner"
)

// attr notes one line of an entity changed in place. key is its dotted
// path, as in "default_permissions.allow_pub".
func (f *finder) attr(d planner.AttrDiff, key string) {
	before, after := d.Before, d.After
	removed := d.Action == planner.Delete || (d.Action == planner.Update && after == "")
	switch d.Key {
	case "public_key":
		if d.Action == planner.Update && !strings.Contains(key, ".") {
			f.add(KeyReplaced, fmt.Sprintf("public_key %s -> %s: JWTs and creds of the old key stop being trusted", before, after))
		}
	case "system_account":
		f.add(WidenedAccess, fmt.Sprintf("system_account %s -> %s: another account administers the servers", before, after))
	case "allow_pub", "allow_sub", "source_networks":
		if removed {
			f.add(Permissions, key+" is removed: nothing is limited by it any more")
		} else if more := newItems(before, after); len(more) > 0 {
			f.add(Permissions, key+" allows more: "+strings.Join(more, ", "))
		}
	case "deny_pub", "deny_sub":
		if gone := newItems(after, before); len(gone) > 0 {
			f.add(Permissions, key+" denies less: "+strings.Join(gone, ", ")+" no longer denied")
		}
	case "bearer_token":
		if after == "true" {
			f.add(Permissions, key+" = true: the user's JWT works without its seed")
		}
	case "disallow_bearer":
		if before == "true" && after != "true" {
			f.add(Permissions, key+" is lifted: bearer tokens are accepted")
		}
	case "private":
		if before == "true" && after != "true" {
			f.add(WidenedAccess, key+" is lifted: the export is public, any account may import it")
		}
	case "subject":
		if d.Action == planner.Update && (isExport(key) || strings.HasPrefix(key, "import ")) {
			f.add(WidenedAccess, fmt.Sprintf("%s %s -> %s: check the new subject covers no more than meant", key, before, after))
		}
	case "expires":
		if removed {
			f.add(NoExpiry, fmt.Sprintf("expires is removed (was %s): the JWT never expires", before))
		}
	}
	if d.Action == planner.Update && unlimited(after) && !unlimited(before) {
		f.add(Unlimited, fmt.Sprintf("%s %s -> %s (unlimited)", key, before, after))
	}
}

func unlimited(v string) bool { return v == "-1" }

// newItems returns the items of list value b that list value a lacks.
// Values are the plan's list form, ["a", "b"]; a value that is not one
// reads as a single item.
func newItems(a, b string) []string {
	have := map[string]bool{}
	for _, s := range items(a) {
		have[s] = true
	}
	var out []string
	for _, s := range items(b) {
		if !have[s] {
			out = append(out, strconv.Quote(s))
		}
	}
	return out
}

func items(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" || v == "[]" {
		return nil
	}
	if !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
		return []string{v}
	}
	var out []string
	rest := strings.TrimSpace(v[1 : len(v)-1])
	for rest != "" {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return append(out, rest) // not the plan's form: one item
		}
		s, _ := strconv.Unquote(q)
		out = append(out, s)
		rest = strings.TrimPrefix(strings.TrimSpace(rest[len(q):]), ",")
		rest = strings.TrimSpace(rest)
	}
	return out
}
