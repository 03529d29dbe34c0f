// Package lang turns a directory of *.hcl files into a Config: it parses,
// decodes blocks against static schemas, resolves references between
// blocks, evaluates string arguments, and runs every static check, reporting
// all findings at once as hcl.Diagnostics with source ranges (DESIGN
// invariant 7).
//
// Neighbours: the planner reads the Config, together with state, to build
// claims; cmd/natsplan prints lang's diagnostics with the parsed files in
// Config.Files. lang must not sign, read state or the keystore, or print.
// What it needs to know of state, the public keys of entities that already
// exist, it receives through LoadOptions.Keys; keys not created yet are
// replaced by placeholders (PendingKey) listed in Config.Pending.
//
// # Language
//
//	operator "Test" { system_account = account.SYS }  # exactly one
//	account "SYS" {}
//	account "TestAccount" {
//	  user "TestUser" {}
//	  service "phelp" {                   # export; stream "x" {} likewise
//	    subject = "help.>"
//	    private = true                    # default false: anyone may import
//	  }
//	}
//	account "AccountC" {
//	  import "help" {
//	    service       = account.TestAccount.service.phelp  # or stream = ...
//	    subject       = "help.x"          # optional remote subject
//	    local_subject = "help"            # optional
//	  }
//	}
//	grant "phelp_to_c" {                  # activation token for AccountC
//	  service = account.TestAccount.service.phelp
//	  to      = account.AccountC
//	  subject = "help.${account.AccountC.public_key}"     # optional
//	}
//
// Names (block labels) are identifiers: a letter or underscore, then
// letters, digits, underscores and dashes. Services and streams of an
// account share one namespace.
//
// References (service, stream, to, system_account) are static traversals,
// never evaluated. String arguments (subject, local_subject) and private are
// evaluated, so they may use templates and the functions of the cty
// standard library (upper, format, join, ...); the variables account.NAME
// and operator.NAME each have one attribute, public_key.
//
// # Defaults
//
// A grant's subject defaults to its export's subject: the token allows the
// whole export. A subject given explicitly must lie inside the export's.
//
// An import's subject defaults, for a private export, to the subject of the
// one grant that names that export and the importing account; with several
// such grants the import must set subject to choose. For a public export it
// defaults to the export's subject. An explicit subject must lie inside the
// export's subject and, for a private export, inside the subject of a grant
// for the importer; the first such grant by name is the one the import
// uses (Import.Grant).
//
// A subject lies inside another when every subject it matches is matched
// by the other: literal tokens must be equal, "*" needs "*" or ">" at that
// place in the outer subject, and ">" needs ">". A placeholder key in a
// subject is an ordinary literal token.
package lang
