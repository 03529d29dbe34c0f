package view

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/claimview"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// StateDescription is what `show -json` prints (format_version "1"); the
// schema is documented in docs/json.md. It is decoded from the JWTs in
// state, so it shows what servers would be given, not what the config says;
// the claims of each JWT are named and rendered as plans show them.
type StateDescription struct {
	FormatVersion string        `json:"format_version"`
	Lineage       string        `json:"lineage"`
	Serial        uint64        `json:"serial"`
	Operator      *OperatorInfo `json:"operator"`
	Accounts      []AccountInfo `json:"accounts"`
	Grants        []GrantInfo   `json:"grants"`
}

// OperatorInfo describes the operator.
type OperatorInfo struct {
	Name              string           `json:"name"`
	PublicKey         string           `json:"public_key"`
	IssuedAt          int64            `json:"issued_at"`
	SystemAccount     string           `json:"system_account"`
	SystemAccountName string           `json:"system_account_name"`
	SigningKeys       []SigningKeyInfo `json:"signing_keys,omitempty"`
	Claims            []ClaimAttr      `json:"claims"`
}

// SigningKeyInfo describes one signing key of an operator or an account.
type SigningKeyInfo struct {
	Name      string `json:"name"` // empty for a key the state does not name
	PublicKey string `json:"public_key"`
	Role      string `json:"role,omitempty"` // a scoped key's role
	Scoped    bool   `json:"scoped"`
}

// AccountInfo describes one account.
type AccountInfo struct {
	Name        string           `json:"name"`
	PublicKey   string           `json:"public_key"`
	Issuer      string           `json:"issuer"`
	IssuedAt    int64            `json:"issued_at"`
	Expires     int64            `json:"expires,omitempty"`
	Exports     []ExportInfo     `json:"exports"`
	Imports     []ImportInfo     `json:"imports"`
	Users       []UserInfo       `json:"users"`
	Revocations map[string]int64 `json:"revocations,omitempty"`
	SigningKeys []SigningKeyInfo `json:"signing_keys,omitempty"`
	Claims      []ClaimAttr      `json:"claims"`
}

// ExportInfo describes one export.
type ExportInfo struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Subject string `json:"subject"`
	Public  bool   `json:"public"`
}

// ImportInfo describes one import, with subjects as the importer sees them.
type ImportInfo struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Remote      string `json:"remote_subject"`
	Local       string `json:"local_subject"`
	FromAccount string `json:"from_account"`
	FromName    string `json:"from_name"`
	Public      bool   `json:"public"`
	Expires     int64  `json:"expires,omitempty"`
}

// UserInfo describes one user.
type UserInfo struct {
	Name      string      `json:"name"`
	PublicKey string      `json:"public_key"`
	IssuedAt  int64       `json:"issued_at"`
	Claims    []ClaimAttr `json:"claims"`
}

// GrantInfo describes one activation token.
type GrantInfo struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Subject  string `json:"subject"`
	Issuer   string `json:"issuer"`
	Target   string `json:"target"`
	IssuedAt int64  `json:"issued_at"`
	Expires  int64  `json:"expires,omitempty"`

	Claims []ClaimAttr `json:"claims"`
}

// ShowJSON writes the state description as JSON.
func ShowJSON(w io.Writer, st *state.State) error {
	d, err := Describe(st)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// Describe decodes every JWT in state into a description.
func Describe(st *state.State) (*StateDescription, error) {
	d := &StateDescription{FormatVersion: "1", Lineage: st.Lineage, Serial: st.Serial,
		Accounts: []AccountInfo{}, Grants: []GrantInfo{}}
	names := map[string]string{}
	accounts := map[string]*AccountInfo{}
	for _, addr := range st.Addresses() {
		r := st.Resources[addr]
		if r.Kind == state.KindAccount {
			names[r.PublicKey] = r.Name
		}
	}
	name := planner.StateNamer(st)
	for _, addr := range st.Addresses() {
		if err := describeResource(d, accounts, names, name, addr, st.Resources[addr]); err != nil {
			return nil, fmt.Errorf("%s: the JWT in state does not decode: %w", addr, err)
		}
	}
	d.Accounts = sortedAccounts(accounts)
	return d, nil
}

func describeResource(d *StateDescription, accounts map[string]*AccountInfo, names map[string]string,
	name claimview.Namer, addr string, r *state.Resource) error {
	claims, err := jwt.Decode(r.JWT)
	if err != nil {
		return err
	}
	attrs := claimAttrs(claims, name)
	switch c := claims.(type) {
	case *jwt.OperatorClaims:
		d.Operator = &OperatorInfo{Name: c.Name, PublicKey: c.Subject, IssuedAt: c.IssuedAt,
			SystemAccount: c.SystemAccount, SystemAccountName: names[c.SystemAccount],
			SigningKeys: signingKeys(c.SigningKeys, nil, r.SigningKeys), Claims: attrs}
	case *jwt.AccountClaims:
		a := account(accounts, addr)
		fillAccount(a, c, names)
		a.SigningKeys = signingKeys(c.SigningKeys.Keys(), c.SigningKeys, r.SigningKeys)
		a.Claims = attrs
	case *jwt.UserClaims:
		acct, _, _ := strings.Cut(addr, ".user.")
		a := account(accounts, acct)
		a.Users = append(a.Users, UserInfo{Name: c.Name, PublicKey: c.Subject, IssuedAt: c.IssuedAt, Claims: attrs})
	case *jwt.ActivationClaims:
		d.Grants = append(d.Grants, GrantInfo{Name: r.Name, Type: c.ImportType.String(),
			Subject: string(c.ImportSubject), Issuer: c.Issuer, Target: c.Subject,
			IssuedAt: c.IssuedAt, Expires: c.Expires, Claims: attrs})
	}
	return nil
}

func account(m map[string]*AccountInfo, addr string) *AccountInfo {
	if a, ok := m[addr]; ok {
		return a
	}
	a := &AccountInfo{Name: strings.TrimPrefix(addr, "account."), Exports: []ExportInfo{},
		Imports: []ImportInfo{}, Users: []UserInfo{}}
	m[addr] = a
	return a
}

func fillAccount(a *AccountInfo, c *jwt.AccountClaims, names map[string]string) {
	a.Name, a.PublicKey, a.Issuer, a.IssuedAt, a.Expires = c.Name, c.Subject, c.Issuer, c.IssuedAt, c.Expires
	a.Revocations = c.Revocations
	for _, e := range c.Exports {
		a.Exports = append(a.Exports, ExportInfo{Name: e.Name, Type: e.Type.String(),
			Subject: string(e.Subject), Public: !e.TokenReq})
	}
	for _, i := range c.Imports {
		local := string(i.LocalSubject)
		if local == "" {
			local = string(i.Subject)
		}
		from := names[i.Account]
		if from == "" {
			from = short(i.Account)
		}
		a.Imports = append(a.Imports, ImportInfo{Name: i.Name, Type: i.Type.String(),
			Remote: string(i.Subject), Local: local, FromAccount: i.Account, FromName: from,
			Public: i.Token == ""})
	}
}

// signingKeys describes keys, named as the state names them (name -> key),
// with their scopes when the claims give some, sorted by name then key.
func signingKeys(keys []string, scopes jwt.SigningKeys, named map[string]string) []SigningKeyInfo {
	nameOf := map[string]string{}
	for name, key := range named {
		nameOf[key] = name
	}
	var out []SigningKeyInfo
	for _, key := range keys {
		info := SigningKeyInfo{Name: nameOf[key], PublicKey: key}
		if scope, ok := scopes.GetScope(key); ok && scope != nil {
			info.Scoped = true
			if us, ok := scope.(*jwt.UserScope); ok {
				info.Role = us.Role
			}
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].PublicKey < out[j].PublicKey
	})
	return out
}
