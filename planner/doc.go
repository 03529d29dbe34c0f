// Package planner turns a desired configuration and the stored state into a
// Plan: the list of entities to create, update in place or destroy, each with
// a claims-level before/after and the reason for every cascade.
//
// The planner is pure. It reads a *lang.Config and a *state.State, never the
// keystore, never the clock, and writes nothing, so a plan can run in an
// untrusted pull-request job. Entities that do not exist yet carry the
// placeholder keys lang substituted for them (lang.PendingKey); renderers
// print those as "(known after apply)" and package apply refuses to sign
// while any remain.
//
// Claims are compared by digest (see digest.go), never as JWT strings, so an
// unchanged entity keeps its exact JWT bytes and a no-op plan decodes nothing.
//
// A saved plan (saved.go) binds the state, the inputs and, for every
// change, the claims apply will sign, in a form that reads the same with
// placeholders and with the keys apply makes (signed.go); apply refuses it
// when anything moved (Saved.Check).
//
// Neighbours: lang produces the Config, state holds what was applied, apply
// executes the Plan, and package view renders it.
package planner
