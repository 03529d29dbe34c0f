// Package apply executes a planner.Plan: it generates the keys of new
// entities into the keystore, signs exactly the planned claims in dependency
// order (operator, activations, accounts, users) on all cores, and writes
// the new state.
//
// It signs through a custody.Custody (the keystore, plain or sealed with
// age, and an external signer), and before it makes a key or signs
// anything it checks that every key the plan signs with is there and
// readable (needkeys.go): the fewest keys, named when one is missing.
//
// Apply decides nothing about what changes; that is the planner's job. It
// re-plans once the new keys exist and refuses to go on if the result is not
// the plan it was given. Keys are written and fsynced before any state
// refers to them, and state is written once, atomically, at the end, so an
// apply killed at any moment leaves a state the next plan repairs.
package apply
