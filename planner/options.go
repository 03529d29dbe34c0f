package planner

import "time"

// Option configures New.
type Option func(*options)

type options struct {
	now time.Time
}

// At makes the plan as of t: relative expiries (expires_in) count from t,
// renewal windows and configured revocations are measured against it.
// The CLI passes one time to a plan and to the re-plan apply makes, so
// that both compute the same claims. Without At, New uses the current time.
func At(t time.Time) Option { return func(o *options) { o.now = t } }

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
