package state

import "testing"

// The restore command printed by CorruptError must paste into a shell.
func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/srv/state/natsplan.state": "/srv/state/natsplan.state",
		"/my state/x":               "'/my state/x'",
		"/it's/x":                   `'/it'\''s/x'`,
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
