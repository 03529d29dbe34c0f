package view

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/natsplan/natsplan/state"
)

// Show writes what the state holds: the operator, then for each account its
// details, exports, imports and users, as `nsc describe account` does.
func Show(w io.Writer, st *state.State) error {
	d, err := Describe(st)
	if err != nil {
		return err
	}
	if d.Operator == nil && len(d.Accounts) == 0 {
		fmt.Fprintln(w, "The state is empty. Run natsplan apply to create it.")
		return nil
	}
	if d.Operator != nil {
		operatorTable(d.Operator).write(w)
		fmt.Fprintln(w)
		if len(d.Operator.SigningKeys) > 0 {
			signingKeysTable(d.Operator.Name, d.Operator.SigningKeys).write(w)
			fmt.Fprintln(w)
		}
		claimsTable("Claims of operator "+d.Operator.Name, d.Operator.Claims).write(w)
		fmt.Fprintln(w)
	}
	for _, a := range d.Accounts {
		accountTable(a).write(w)
		fmt.Fprintln(w)
		if len(a.Exports) > 0 {
			exportsTable(a).write(w)
			fmt.Fprintln(w)
		}
		if len(a.Imports) > 0 {
			importsTable(a).write(w)
			fmt.Fprintln(w)
		}
		if len(a.SigningKeys) > 0 {
			signingKeysTable(a.Name, a.SigningKeys).write(w)
			fmt.Fprintln(w)
		}
		claimsTable("Claims of account "+a.Name, a.Claims).write(w)
		fmt.Fprintln(w)
		if len(a.Users) > 0 {
			usersTable(a).write(w)
			fmt.Fprintln(w)
			userClaimsTable(a).write(w)
			fmt.Fprintln(w)
		}
	}
	if len(d.Grants) > 0 {
		grantsTable(d.Grants).write(w)
		fmt.Fprintln(w)
	}
	return nil
}

func operatorTable(o *OperatorInfo) *table {
	t := &table{title: "Operator Details"}
	t.section([]string{"Name", o.Name}, []string{"Operator ID", short(o.PublicKey)},
		[]string{"Issued", stamp(o.IssuedAt)}, []string{"System Account", o.SystemAccountName})
	return t
}

func accountTable(a AccountInfo) *table {
	t := &table{title: "Account Details"}
	t.section([]string{"Name", a.Name}, []string{"Account ID", short(a.PublicKey)},
		[]string{"Issuer ID", short(a.Issuer)}, []string{"Issued", stamp(a.IssuedAt)},
		[]string{"Expires", stamp(a.Expires)})
	var rest [][]string
	if len(a.Exports) == 0 {
		rest = append(rest, []string{"Exports", "None"})
	}
	if len(a.Imports) == 0 {
		rest = append(rest, []string{"Imports", "None"})
	}
	if len(a.Revocations) > 0 {
		rest = append(rest, []string{"Revoked Users", fmt.Sprint(len(a.Revocations))})
	}
	if len(rest) > 0 {
		t.section(rest...)
	}
	return t
}

func exportsTable(a AccountInfo) *table {
	t := &table{title: "Exports", header: []string{"Name", "Type", "Subject", "Public"}}
	var rows [][]string
	for _, e := range a.Exports {
		rows = append(rows, []string{e.Name, title(e.Type), e.Subject, yesNo(e.Public, "Yes", "No")})
	}
	t.section(rows...)
	return t
}

func importsTable(a AccountInfo) *table {
	t := &table{title: "Imports", header: []string{"Name", "Type", "Remote", "Local", "Expires", "From Account", "Public"}}
	var rows [][]string
	for _, i := range a.Imports {
		rows = append(rows, []string{i.Name, title(i.Type), i.Remote, i.Local, stamp(i.Expires),
			i.FromName, yesNo(i.Public, "Yes", "No")})
	}
	t.section(rows...)
	return t
}

func usersTable(a AccountInfo) *table {
	t := &table{title: "Users of " + a.Name, header: []string{"Name", "User ID", "Issued"}}
	var rows [][]string
	for _, u := range a.Users {
		rows = append(rows, []string{u.Name, short(u.PublicKey), stamp(u.IssuedAt)})
	}
	t.section(rows...)
	return t
}

// userClaimsTable lists the claims of an account's users, other than the
// defaults, in the names and units of plans.
func userClaimsTable(a AccountInfo) *table {
	t := &table{title: "Claims of the users of " + a.Name, header: []string{"User", "Claim", "Value"}}
	for _, u := range a.Users {
		t.section(claimRows(u.Claims, u.Name)...)
	}
	return t
}

// grantsTable lists every activation token with its claims.
func grantsTable(grants []GrantInfo) *table {
	t := &table{title: "Grants", header: []string{"Grant", "Claim", "Value"}}
	for _, g := range grants {
		t.section(claimRows(g.Claims, g.Name)...)
	}
	return t
}

func signingKeysTable(owner string, keys []SigningKeyInfo) *table {
	t := &table{title: "Signing Keys of " + owner, header: []string{"Name", "Key ID", "Scope"}}
	var rows [][]string
	for _, k := range keys {
		scope := "unscoped"
		if k.Scoped {
			scope = "role " + k.Role
		}
		rows = append(rows, []string{k.Name, short(k.PublicKey), scope})
	}
	t.section(rows...)
	return t
}

// short abbreviates a public key to its first 12 characters, as nsc does.
func short(key string) string {
	if len(key) > 12 {
		return key[:12]
	}
	return key
}

func stamp(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func sortedAccounts(m map[string]*AccountInfo) []AccountInfo {
	out := make([]AccountInfo, 0, len(m))
	for _, a := range m {
		sort.Slice(a.Users, func(i, j int) bool { return a.Users[i].Name < a.Users[j].Name })
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
