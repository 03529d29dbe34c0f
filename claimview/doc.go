// Package claimview describes signed claims as a reviewer reads them: as
// the attributes and blocks of the natsplan language (docs/language.md),
// with sizes, durations and times in human units and public keys by the
// names the configuration gives them.
//
// The description is derived from the claims themselves: a walk over the
// jwt/v2 claim types that looks every field up in one table keyed by its
// JWT path (fields.go). A field the table does not know still shows, under
// its JWT path, so that nothing signed can be hidden; a test walks the
// library's types and fails until every field is in the table.
//
// Neighbours: planner diffs two descriptions for a plan, view shows the
// description of every JWT in state (`show`), live names drift with it.
package claimview
