package review

import (
	"strings"
	"testing"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

func kinds(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind+": "+f.What)
	}
	return strings.Join(out, "\n")
}

func TestFindings(t *testing.T) {
	upd := func(diff ...planner.AttrDiff) *planner.Change {
		return &planner.Change{Address: "account.A", Kind: state.KindAccount, Action: planner.Update, Diff: diff}
	}
	block := func(a planner.Action, key string, sub ...planner.AttrDiff) planner.AttrDiff {
		return planner.AttrDiff{Action: a, Key: key, Block: append([]planner.AttrDiff{}, sub...)}
	}
	u := planner.Update
	for _, tc := range []struct {
		name   string
		change *planner.Change
		want   []string // kinds, in order; nil: no finding
	}{
		{"key replaced", upd(planner.AttrDiff{Action: u, Key: "public_key", Before: "AOLD", After: "ANEW"}), []string{KeyReplaced}},
		{"unknown action", &planner.Change{Address: "account.A", Action: planner.Action('?')}, []string{UnknownAction}},
		{"replacement", &planner.Change{Address: "account.A", Action: planner.Replace, PriorKey: "AOLD",
			Desired: &planner.Desired{PublicKey: "ANEW"}}, []string{KeyReplaced}},
		{"revocation lifted", upd(block(planner.Delete, "revoke user A.user.x")), []string{WidenedAccess}},
		{"allow narrowed", upd(planner.AttrDiff{Action: u, Key: "allow_pub", Before: `["a", "b"]`, After: `["a"]`}), nil},
		{"allow widened in a template", upd(block(u, `signing_key "oncall"`, block(u, "template",
			planner.AttrDiff{Action: u, Key: "allow_sub", Before: `["a"]`, After: `["a", "b, c"]`}))), []string{Permissions}},
		{"deny added", upd(planner.AttrDiff{Action: u, Key: "deny_sub", Before: `["a"]`, After: `["a", "b"]`}), nil},
		{"bearer", upd(planner.AttrDiff{Action: u, Key: "bearer_token", Before: "false", After: "true"}), []string{Permissions}},
		{"limit lowered", upd(block(u, "limits", planner.AttrDiff{Action: u, Key: "data", Before: "-1", After: "1MiB"})), nil},
		{"new private export", upd(block(planner.Create, `service "x"`,
			planner.AttrDiff{Action: planner.Create, Key: "subject", After: `"x"`},
			planner.AttrDiff{Action: planner.Create, Key: "private", After: "true"})), nil},
		{"new import", upd(block(planner.Create, `import "x"`)), []string{NewAccess}},
		{"grant deleted", &planner.Change{Address: "grant.g", Kind: state.KindGrant, Action: planner.Delete}, []string{Deletion, Revocation}},
		{"new user", &planner.Change{Address: "account.A.user.u", Kind: state.KindUser, Action: planner.Create,
			Diff: []planner.AttrDiff{{Action: planner.Create, Key: "allow_pub", After: `[">"]`}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := OfChange(tc.change, nil)
			if len(got) != len(tc.want) {
				t.Fatalf("got\n%s\nwant kinds %v", kinds(got), tc.want)
			}
			for i, f := range got {
				if f.Kind != tc.want[i] || f.Address != tc.change.Address {
					t.Errorf("finding %d: %+v, want kind %s", i, f, tc.want[i])
				}
			}
		})
	}
}

func TestWidenedListNamesTheNewItems(t *testing.T) {
	f := OfChange(&planner.Change{Address: "account.A.user.u", Action: planner.Update, Diff: []planner.AttrDiff{
		{Action: planner.Update, Key: "allow_pub", Before: `["a"]`, After: `["a", "b, c", ">"]`}}}, nil)
	if len(f) != 1 || !strings.Contains(f[0].What, `"b, c", ">"`) {
		t.Fatalf("got %+v", f)
	}
}

// A replacement's new key is made by apply: the plan holds a placeholder,
// a valid-looking key with no seed, which must not read as the new key.
func TestReplacementHidesThePlaceholderKey(t *testing.T) {
	c := &planner.Change{Address: "account.A.user.u", Action: planner.Replace, PriorKey: "UOLD",
		Desired: &planner.Desired{PublicKey: "UPLACEHOLDER"}}
	f := OfChange(c, map[string]string{"UPLACEHOLDER": "account.A.user.u"})
	if len(f) == 0 || !strings.Contains(f[0].What, "UOLD -> (known after apply)") || strings.Contains(f[0].What, "UPLACEHOLDER") {
		t.Fatalf("the finding shows a placeholder as the new key: %+v", f)
	}
	if f := OfChange(c, nil); len(f) == 0 || !strings.Contains(f[0].What, "UOLD -> UPLACEHOLDER") {
		t.Fatalf("a known new key is not shown: %+v", f)
	}
}
