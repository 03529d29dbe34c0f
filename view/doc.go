// Package view renders what the other packages compute, for people and for
// programs: plans as text and JSON, diagnostics with source snippets, and
// the state as tables in the spirit of `nsc describe`. It holds no logic a
// package test could not reach and decides nothing.
package view
