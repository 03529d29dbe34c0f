package state

import "testing"

// FuzzHasSecret holds the hand-written scanner to its specification, the
// regular expression secretPattern, on any input.
func FuzzHasSecret(f *testing.F) {
	f.Add("SAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("PAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("help.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUV")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasSecret(s), secretPattern.MatchString(s); got != want {
			t.Fatalf("hasSecret(%q) = %v, secretPattern says %v", s, got, want)
		}
	})
}
