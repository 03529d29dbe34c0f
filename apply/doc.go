// Package apply executes a planner.Plan: it generates the keys of new
// entities into the keystore, signs exactly the planned claims in dependency
// order (operator, activations, accounts, users) on all cores, and writes
// the new state.
//
// Apply decides nothing about what changes; that is the planner's job. It
// re-plans once the new keys exist and refuses to go on if the result is not
// the plan it was given. Keys are written and fsynced before any state
// refers to them, and state is written once, atomically, at the end, so an
// apply killed at any moment leaves a state the next plan repairs.
package apply
