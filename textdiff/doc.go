// Package textdiff shows how one text became another, for a reviewer:
// Unified writes the line diff of `diff -u` (what `natsplan fmt -diff`
// prints). The diff itself is github.com/sergi/go-diff's, over lines;
// this package only lays its result out in hunks.
package textdiff
