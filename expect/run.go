package expect

import (
	"fmt"
	"os"

	"github.com/natsplan/natsplan/access"
)

// Result is one expectation's outcome.
type Result struct {
	Expectation *Expectation
	Analysis    access.Answer // the analysis' answer
	Server      *bool         // what the server did; nil when it could not be asked
	ServerNote  string        // why the server was not asked, when it was not
}

// Holds reports whether the expectation holds: both checks agree with it.
func (r *Result) Holds() bool {
	want := r.Expectation.Allowed
	return r.Analysis.Verdict == verdict(want) && r.Server != nil && *r.Server == want
}

// Disagrees reports whether the analysis and the server answer
// differently: a failure of natsplan itself.
func (r *Result) Disagrees() bool {
	return r.Server != nil && r.Analysis.Verdict != access.Unknown && (r.Analysis.Verdict == access.Allowed) != *r.Server
}

func verdict(allowed bool) access.Verdict {
	if allowed {
		return access.Allowed
	}
	return access.Denied
}

// FlipHook names an expectation whose analysis verdict is inverted, to
// show what a disagreement looks like (set only by natsplan's own tests).
const FlipHook = "NATSPLAN_TEST_HOOK_FLIP_ANALYSIS"

// Run checks every expectation against w (the planned claims), by the
// analysis and on an embedded server loaded with w re-signed by
// throwaway keys. An expectation naming an entity w does not hold is an
// error of the test file, reported by Check first.
func Run(exps []*Expectation, w *access.World) ([]*Result, error) {
	sig, err := resign(w)
	if err != nil {
		return nil, fmt.Errorf("signing the planned claims with throwaway keys: %v", err)
	}
	srv, err := startServer(sig)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	flip := os.Getenv(FlipHook)
	var out []*Result
	for _, e := range exps {
		r := &Result{Expectation: e}
		var seen bool
		r.Analysis, seen = ask(w, srv, e)
		if v, ok := map[access.Verdict]access.Verdict{access.Allowed: access.Denied, access.Denied: access.Allowed}[r.Analysis.Verdict]; ok && flip == e.Name {
			r.Analysis.Verdict = v
		}
		r.Server = &seen
		out = append(out, r)
	}
	return out, nil
}

// ask puts one question to the analysis and to the server.
func ask(w *access.World, srv *onServer, e *Expectation) (access.Answer, bool) {
	u := w.User(e.User)
	acc := w.Account(e.Account)
	m := srv.sig.mapSubject
	switch e.Op {
	case "publish":
		return w.Publish(u, e.Subject), srv.publish(e.User, u.Account.Address, m(e.Subject))
	case "request":
		to := []string{e.Account}
		if acc == nil {
			to = nil
			for _, a := range w.Accounts {
				to = append(to, a.Address)
			}
		}
		return w.Request(u, e.Subject, acc), srv.request(e.User, to, m(e.Subject))
	}
	if acc == nil {
		return w.Subscribe(u, e.Subject), srv.subscribe(e.User, m(e.Subject))
	}
	var published []string
	for _, p := range w.Candidates(u, e.Subject, acc) {
		published = append(published, m(p))
	}
	return w.ReceiveAny(u, e.Subject, acc), srv.receive(e.User, m(e.Subject), e.Account, published)
}

// Check reports the expectations that name users or accounts w does not
// hold, or subjects no client could use.
func Check(exps []*Expectation, w *access.World) []string {
	var out []string
	for _, e := range exps {
		where := fmt.Sprintf("%s: expect %q", e.Range, e.Name)
		if w.User(e.User) == nil {
			out = append(out, fmt.Sprintf("%s: %s is not a user of the planned configuration", where, e.User))
		}
		if e.Account != "" && w.Account(e.Account) == nil {
			out = append(out, fmt.Sprintf("%s: %s is not an account of the planned configuration", where, e.Account))
		}
		if f := validSubject(e); f != "" {
			out = append(out, where+": "+f)
		}
	}
	return out
}
