package lang

import (
	"github.com/hashicorp/hcl/v2"
)

// Config is the evaluated desired state read from a directory of *.hcl files.
// Every element keeps the source range of its block so that later phases can
// attach diagnostics to it. Slices are sorted by name so that everything
// derived from a Config is deterministic.
type Config struct {
	Operator *Operator
	Accounts []*Account
	Grants   []*Grant

	// Files maps file names to parsed files, for printing diagnostics
	// with snippets.
	Files map[string]*hcl.File

	// Digest identifies the exact configuration a plan was made from: a hash
	// of every source file and every variable value.
	Digest string

	// Pending maps each placeholder public key that was substituted for a
	// key not created yet to the address of its entity. Renderers print
	// these as "(known after apply)"; apply refuses to sign while any remain.
	Pending map[string]string
}

// Operator is the operator block: the root of trust.
type Operator struct {
	Name          string
	SystemAccount string // name of the system account
	DeclRange     hcl.Range
	SystemRange   hcl.Range // range of the system_account attribute
}

// Account is one account block with its nested users, exports and imports.
type Account struct {
	Name      string
	Users     []*User
	Exports   []*Export
	Imports   []*Import
	DeclRange hcl.Range
}

// Address is the account's address in plans and state.
func (a *Account) Address() string { return "account." + a.Name }

// Export returns the named export of the account, or nil.
func (a *Account) Export(name string) *Export {
	for _, e := range a.Exports {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// User is a user nested in an account.
type User struct {
	Name      string
	Account   string
	DeclRange hcl.Range
}

// Address is the user's address in plans and state.
func (u *User) Address() string { return "account." + u.Account + ".user." + u.Name }

// ExportKind is "service" or "stream".
type ExportKind string

// The two kinds of export and import.
const (
	Service ExportKind = "service"
	Stream  ExportKind = "stream"
)

// Export is a service or stream block of an account.
type Export struct {
	Name      string
	Kind      ExportKind
	Account   string
	Subject   string
	Private   bool
	DeclRange hcl.Range

	SubjectRange hcl.Range // range of the subject value
}

// Import is an import block of an account.
type Import struct {
	Name    string
	Kind    ExportKind
	Account string // the importing account

	// From is the name of the exporting account, or empty for an account
	// not managed here; then FromKey holds its public key.
	From    string
	FromKey string
	Export  string // name of the export in From

	Subject      string // remote subject; see doc.go for its default
	LocalSubject string // optional
	DeclRange    hcl.Range

	// Grant is the name of the grant whose activation token the import
	// carries: set for an import of a private export of a managed account,
	// empty otherwise.
	Grant string

	RefRange          hcl.Range // range of the service or stream reference
	SubjectRange      hcl.Range // range of subject, or DeclRange when defaulted
	LocalSubjectRange hcl.Range // range of local_subject, or DeclRange
}

// Address is the import's address, used in messages.
func (i *Import) Address() string {
	return "account." + i.Account + ".import." + i.Name
}

// Grant is a top-level grant block: an activation token issued by the
// exporting account for one importing account.
type Grant struct {
	Name      string
	Kind      ExportKind
	From      string // exporting account
	Export    string
	To        string // importing account name, or empty for an external one
	ToKey     string // public key of the importing account when external
	Subject   string // defaults to the export's subject
	DeclRange hcl.Range

	RefRange     hcl.Range // range of the service or stream reference
	ToRange      hcl.Range // range of the to reference
	SubjectRange hcl.Range // range of subject, or DeclRange when defaulted
}

// Address is the grant's address in plans and state.
func (g *Grant) Address() string { return "grant." + g.Name }

// Account returns the named account, or nil.
func (c *Config) Account(name string) *Account {
	for _, a := range c.Accounts {
		if a.Name == name {
			return a
		}
	}
	return nil
}
