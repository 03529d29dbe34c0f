package lang

import (
	"github.com/hashicorp/hcl/v2"
)

// ExportKind is "service" or "stream".
type ExportKind string

// The two kinds of export and import.
const (
	Service ExportKind = "service"
	Stream  ExportKind = "stream"
)

// Export is a service or stream block of an account.
type Export struct {
	Name    string
	Kind    ExportKind
	Account string
	Subject string
	Private bool

	// ClaimName is the export's name in the JWT when it is not the
	// block's name (name = "..."; nsc names exports after their subject).
	ClaimName string

	ResponseType      string // services: "Singleton" (default), "Stream" or "Chunked"
	ResponseThreshold int64  // nanoseconds
	Latency           *Latency
	TokenPosition     uint // account_token_position; 0 when unset
	Advertise         bool
	AllowTrace        bool
	Description       string
	InfoURL           string

	// Revoke lists the accounts whose activations for this export are
	// revoked (Key "*" revokes all).
	Revoke []KeyRef

	DeclRange    hcl.Range
	SubjectRange hcl.Range // range of the subject value
	Ranges       Ranges
}

// JWTName is the export's name in the JWT: ClaimName, or the block's name.
func (e *Export) JWTName() string {
	if e.ClaimName != "" {
		return e.ClaimName
	}
	return e.Name
}

// Address is the export's address, used in messages.
func (e *Export) Address() string {
	return "account." + e.Account + "." + string(e.Kind) + "." + e.Name
}

// Latency is the latency block of a service: sample Sampling percent of
// requests (0: those with tracing headers) and publish results on Results.
type Latency struct {
	Sampling int
	Results  string
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
	Share        bool
	AllowTrace   bool

	// ClaimName is the import's name in the JWT when it is not the
	// block's name (name = "..."), as for exports.
	ClaimName string

	// Token is the activation token of an import from an account not
	// managed here, and TokenURL where apply fetches it instead.
	// AllowInsecureURL lets TokenURL be plain http, which anyone on the
	// way can answer: the token decides what the importer may reach.
	Token            string
	TokenURL         string
	AllowInsecureURL bool

	DeclRange hcl.Range

	// Grant is the name of the grant whose activation token the import
	// carries: set for an import of a private export of a managed account,
	// empty otherwise.
	Grant string

	RefRange          hcl.Range // range of the service or stream reference
	SubjectRange      hcl.Range // range of subject, or DeclRange when defaulted
	LocalSubjectRange hcl.Range // range of local_subject, or DeclRange
	Ranges            Ranges
}

// JWTName is the import's name in the JWT: ClaimName, or the block's name.
func (i *Import) JWTName() string {
	if i.ClaimName != "" {
		return i.ClaimName
	}
	return i.Name
}

// Address is the import's address, used in messages.
func (i *Import) Address() string {
	return "account." + i.Account + ".import." + i.Name
}

// External reports whether the import is from an account natsplan does
// not manage.
func (i *Import) External() bool { return i.From == "" && i.FromKey != "" }

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
	Validity  Validity
	TokenFile string // where apply writes the token, for an external importer

	// Signer is the name of the exporting account's signing key that
	// issues the activation, or empty for the account's identity key.
	Signer string

	PreventDestroy bool
	DeclRange      hcl.Range

	RefRange     hcl.Range // range of the service or stream reference
	ToRange      hcl.Range // range of the to reference
	SubjectRange hcl.Range // range of subject, or DeclRange when defaulted
	Ranges       Ranges
}

// Address is the grant's address in plans and state.
func (g *Grant) Address() string { return "grant." + g.Name }
