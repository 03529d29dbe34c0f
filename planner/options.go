package planner

import "time"

// Option configures New.
type Option func(*options)

type options struct {
	now     time.Time
	noDiffs bool
	replace []string // addresses -replace asks a new key for
}

// At makes the plan as of t: relative expiries (expires_in) count from t,
// renewal windows and configured revocations are measured against it.
// The CLI passes one time to a plan and to the re-plan apply makes, so
// that both compute the same claims. Without At, New uses the current time.
func At(t time.Time) Option { return func(o *options) { o.now = t } }

// WithoutDiffs leaves out what only a reviewer reads: the claims-level
// diffs and the reasons for cascades. Apply's re-plan, which is compared
// with the reviewed plan change by change but never shown, uses it; for a
// first apply of a large fleet, describing every entity twice was a good
// part of the cost.
func WithoutDiffs() Option { return func(o *options) { o.noDiffs = true } }

func newOptions(opts []Option) options {
	o := options{}
	for _, f := range opts {
		f(&o)
	}
	if o.now.IsZero() {
		o.now = time.Now()
	}
	return o
}
