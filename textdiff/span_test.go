package textdiff

import "testing"

// Span keeps a few characters around each changed word and cuts the
// rest of the unchanged text.
func TestSpanShowsOnlyWhatChanged(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"the payments service answers billing requests for every shop in the EU region",
			"the payments service answers billing requests for every shop in the US region",
			"…ery shop in the [-EU-]{+US+} region"},
		{"https://docs.example.com/payments/v1/overview", "https://docs.example.com/payments/v2/overview",
			"…le.com/payments/[-v1-]{+v2+}/overview"},
		{"short", "shorter", "[-short-]{+shorter+}"},
		{"alpha beta gamma delta epsilon zeta eta theta iota kappa", "alpha beta gamma DELTA epsilon zeta eta theta iota kappa",
			"…lpha beta gamma [-delta-]{+DELTA+} epsilon zeta et…"},
	} {
		if got := Span(tc.a, tc.b); got != tc.want {
			t.Errorf("Span(%q, %q)\n got %q\nwant %q", tc.a, tc.b, got, tc.want)
		}
	}
}
