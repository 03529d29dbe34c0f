package lang

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
)

// Config is the evaluated desired state read from a directory of *.hcl files.
// Every element keeps the source range of its block so that later phases can
// attach diagnostics to it. Slices are sorted by name so that everything
// derived from a Config is deterministic.
//
// Blocks with for_each appear once per instance. An instance's Name is its
// block label followed by its key in brackets, as in team["a"], so that
// addresses stay unique and readable: account.team["a"].user.admin.
type Config struct {
	Operator *Operator
	Accounts []*Account
	Grants   []*Grant

	// Moves are the moved blocks, in source order: state addresses to
	// rename before planning, so that a rename keeps the entity's keys.
	Moves []*Move

	// Sources maps the names of the files read (configuration and
	// variable files) to their contents, for printing diagnostics with
	// snippets (DiagnosticFiles). Syntax trees are not kept: for a large
	// configuration they cost several times the size of the sources.
	Sources  map[string][]byte
	json     map[string]bool // Sources parsed as JSON (variable files)
	varFiles map[string]bool // Sources that are variable files

	// Inputs are what the evaluation read besides the *.hcl files: files
	// read by file(), -var-file files and variable values given from
	// outside, each by digest, sorted by kind and name (see Input).
	Inputs []Input

	// Digest identifies the exact configuration a plan was made from: a hash
	// of every source file and every variable value given from outside.
	Digest string

	// Pending maps each placeholder public key that was substituted for a
	// key not created yet to the address of its entity. Renderers print
	// these as "(known after apply)"; apply refuses to sign while any remain.
	Pending map[string]string

	// Waivable are the rules broken that an nsc store can break too,
	// warnings while nothing they concern is signed (see Waivable).
	Waivable []*Waivable
}

// Operator is the operator block: the root of trust.
type Operator struct {
	Name          string
	ClaimName     string // the JWT's name: the label, or `name` (adopted from nsc)
	PublicKey     string // from LoadOptions.Keys, or a placeholder
	SystemAccount string // name of the system account
	SigningKeys   []*SigningKey

	// StrictSigningKeys is strict_signing_key_usage: accounts and users
	// must be signed by signing keys, never by identity keys.
	StrictSigningKeys   bool
	ServiceURLs         []string
	AccountServerURL    string
	AssertServerVersion string
	Tags                []string
	Validity            Validity
	PreventDestroy      bool

	DeclRange   hcl.Range
	SystemRange hcl.Range // range of the system_account attribute
	Ranges      Ranges
}

// Address is the operator's address in plans and state.
func (o *Operator) Address() string { return "operator." + o.Name }

// SigningKey returns the named signing key of the operator, or nil.
func (o *Operator) SigningKey(name string) *SigningKey { return findKey(o.SigningKeys, name) }

// Move is a moved block: the entity at From in state is now at To.
type Move struct {
	From, To  string // addresses
	DeclRange hcl.Range
}

// Ranges maps attribute names of a block to the ranges of their values, so
// that a rule can point at the attribute it is about. Missing attributes
// fall back to the block's range.
type Ranges struct {
	Decl  hcl.Range
	attrs []attrRange // sorted by name
}

// attrRange is one attribute's range. A block sets few attributes, and a
// fleet has a Ranges per entity: a short slice costs a tenth of a map.
type attrRange struct {
	name string
	rng  hcl.Range
}

// Of returns the range of the named attribute's value, or the block's
// range when the attribute is not set.
func (r Ranges) Of(name string) hcl.Range {
	if rng, ok := r.find(name); ok {
		return rng
	}
	return r.Decl
}

// Has reports whether the named attribute is set in the block.
func (r Ranges) Has(name string) bool {
	_, ok := r.find(name)
	return ok
}

func (r Ranges) find(name string) (hcl.Range, bool) {
	for _, a := range r.attrs {
		if a.name == name {
			return a.rng, true
		}
	}
	return hcl.Range{}, false
}

func newRanges(decl hcl.Range, attrs hcl.Attributes) Ranges {
	r := Ranges{Decl: decl}
	if len(attrs) == 0 {
		return r // most blocks of a large config, such as users, set nothing
	}
	r.attrs = make([]attrRange, 0, len(attrs))
	for name, a := range attrs {
		r.attrs = append(r.attrs, attrRange{name, a.Expr.Range()})
	}
	slices.SortFunc(r.attrs, func(a, b attrRange) int { return strings.Compare(a.name, b.name) })
	return r
}

// Validity is when an entity's JWT is valid. Expires and NotBefore are unix
// seconds (0: unset). ExpiresIn is a lifetime counted from the time the JWT
// is issued; RenewBefore re-issues the JWT once less than that is left.
type Validity struct {
	NotBefore   int64
	Expires     int64
	ExpiresIn   int64 // seconds
	RenewBefore int64 // seconds
}

// Account returns the named account, or nil.
func (c *Config) Account(name string) *Account {
	for _, a := range c.Accounts {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// instanceName is the name of one instance of a block: its label, or with
// for_each, its label and key, as in team["a"].
func instanceName(label, key string) string {
	if key == "" {
		return label
	}
	return label + `["` + key + `"]`
}

func findKey(keys []*SigningKey, name string) *SigningKey {
	for _, k := range keys {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// DiagnosticFiles returns, parsed again from Sources, the files that diags
// point into, for hcl.NewDiagnosticTextWriter: it takes snippets from
// their bytes and the "in account X" context from their syntax trees.
// Files no diagnostic names are not parsed. c may be nil.
func (c *Config) DiagnosticFiles(diags hcl.Diagnostics) map[string]*hcl.File {
	files := map[string]*hcl.File{}
	if c == nil {
		return files
	}
	for _, d := range diags {
		for _, rng := range []*hcl.Range{d.Subject, d.Context} {
			if rng == nil || files[rng.Filename] != nil {
				continue
			}
			src, ok := c.Sources[rng.Filename]
			if !ok {
				continue
			}
			var f *hcl.File
			switch {
			case nestingProblem(src, rng.Filename, hcl.InitialPos, c.json[rng.Filename]) != nil:
				f = &hcl.File{Body: hcl.EmptyBody(), Bytes: src} // snippets without a tree
			case c.json[rng.Filename]:
				f, _ = json.Parse(src, rng.Filename)
			default:
				f, _ = hclsyntax.ParseConfig(src, rng.Filename, hcl.InitialPos)
			}
			if f != nil {
				files[rng.Filename] = f
			}
		}
	}
	return files
}

// ConfigSources returns the configuration files of Sources, without the
// variable files: what LoadFiles takes to load the same configuration
// again (the variable files come through LoadOptions.Vars).
func (c *Config) ConfigSources() map[string][]byte {
	out := make(map[string][]byte, len(c.Sources))
	for name, src := range c.Sources {
		if !c.varFiles[name] {
			out[name] = src
		}
	}
	return out
}
