// Package lang turns a directory of *.hcl files into a Config: it parses,
// decodes blocks against static schemas (schema.go), resolves variables and
// locals, expands for_each, resolves references between blocks, evaluates
// every argument, and runs every static check, reporting all findings at
// once as hcl.Diagnostics with source ranges (DESIGN invariant 7).
//
// Neighbours: the planner reads the Config, together with state, to build
// claims; cmd/natsplan prints lang's diagnostics with the files
// Config.DiagnosticFiles parses again from Config.Sources for them. lang
// must not sign, read state or the keystore, or print.
// What it needs to know of state, the public keys of entities that already
// exist, it receives through LoadOptions.Keys; keys not created yet are
// replaced by placeholders (PendingKey) listed in Config.Pending. Variable
// values given from outside come in LoadOptions.Vars. What evaluation read
// besides the *.hcl files (file(), -var-file, variables given from
// outside) is listed by digest in Config.Inputs (inputs.go), which a saved
// plan binds.
//
// # Language
//
// docs/language.md is the reference: every block and argument, its default
// and an example. In short:
//
//	variable "teams" { type = map(list(string)) }
//	locals { env = "prod" }
//	operator "Acme" {                   # exactly one
//	  system_account = account.SYS
//	  signing_key "accounts" {}
//	}
//	account "SYS" {}
//	account "team" {
//	  for_each = var.teams              # team["a"], team["b"], ...
//	  limits { connections = 100 }
//	  jetstream { enabled = true }
//	  signing_key "dev" { template { allow_pub = ["dev.>"] } }
//	  user "dev" {
//	    for_each  = toset(each.value)
//	    signed_by = account.team[outer.key].signing_key.dev
//	  }
//	  service "help" { subject = "help.>" }
//	  import "orders" { service = account.Shop.service.orders }
//	}
//	grant "g" { service = ..., to = account.B }   # activation token
//	moved { from = account.Old, to = account.New }
//
// Names (block labels) are identifiers: a letter or underscore, then
// letters, digits, underscores and dashes. Services and streams of an
// account share one namespace. for_each keys must be names too (digits
// may come first), because they become part of addresses and JWT names.
//
// References (service, stream, to, from, system_account, signed_by, the
// entries of auth_users, allowed_accounts and revoke_activations) are
// decoded from the expression's shape, never evaluated, except for keys in
// brackets (account.team[each.key]). Where an entity may be one natsplan
// does not manage (to, from, and the lists), a string holding its public
// key may stand instead. Every other argument is evaluated, with var,
// local, each, outer, account and operator in scope and the HCL standard
// library of functions (functions.go).
//
// An import whose from is the public key of an account natsplan manages
// is the import of that account's export (validate_import.go), so the
// rules for managed exports apply to it as to a reference.
//
// # Limits
//
// Configuration is untrusted input, so loading bounds its work: files
// nested deeper than MaxNesting are refused before any parser runs
// (nesting.go), and collections are bounded by MaxElements and
// MaxInstances (sizelimits.go), with long lists converted in linear time
// (convert.go).
//
// # Defaults
//
// A grant's subject defaults to its export's subject: the token allows the
// whole export. A subject given explicitly must lie inside the export's.
//
// An import's subject defaults, for a private export, to the subject of the
// one grant that names that export and the importing account; with several
// such grants the import must set subject to choose. For a public export it
// defaults to the export's subject, with the importer's public key at the
// export's account_token_position when it has one. An explicit subject must
// lie inside the export's subject and, for a private export, inside the
// subject of a grant for the importer; the first such grant by name is the
// one the import uses (Import.Grant).
//
// A subject lies inside another when every subject it matches is matched
// by the other: literal tokens must be equal, "*" needs "*" or ">" at that
// place in the outer subject, and ">" needs ">". A placeholder key in a
// subject is an ordinary literal token.
//
// Numbers default as jwt/v2's constructors set them: limits -1 (unlimited),
// wildcard exports allowed, JetStream off until enabled = true. Under
// strict_signing_key_usage, accounts are signed by the operator's first
// signing key and users by their account's first unscoped signing key
// unless signed_by says otherwise. lifecycle.prevent_destroy defaults to
// true for the operator and the system account.
package lang
