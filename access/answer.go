package access

import (
	"fmt"
	"strings"
)

// Verdict is the analysis' answer to one question.
type Verdict string

// Verdicts.
const (
	Allowed Verdict = "allowed"
	Denied  Verdict = "denied"
	Unknown Verdict = "unknown"
)

// Answer is a verdict with the path that leads to it: for Allowed the
// steps a message takes, for Denied the steps up to the rule that stops
// it (the last line), for Unknown what could not be decided.
type Answer struct {
	Verdict Verdict
	Lines   []string
}

func (a Answer) String() string {
	var b strings.Builder
	for i, l := range a.Lines {
		switch i {
		case 0:
			fmt.Fprintf(&b, "%s: %s\n", a.Verdict, l)
		default:
			fmt.Fprintf(&b, "  → %s\n", l)
		}
	}
	if len(a.Lines) == 0 {
		fmt.Fprintf(&b, "%s\n", a.Verdict)
	}
	return b.String()
}

// trail collects the lines of an answer as a query walks its path.
type trail []string

func (t trail) step(format string, args ...any) trail {
	return append(t[:len(t):len(t)], fmt.Sprintf(format, args...))
}

func (t trail) end(v Verdict, format string, args ...any) Answer {
	return Answer{Verdict: v, Lines: t.step(format, args...)}
}

// failure is a reason a step does not go through: denied, or unknown
// when the analysis cannot decide.
type failure struct {
	unknown bool
	reason  string
}

func deny(format string, args ...any) *failure {
	return &failure{reason: fmt.Sprintf(format, args...)}
}

func unknown(format string, args ...any) *failure {
	return &failure{unknown: true, reason: fmt.Sprintf(format, args...)}
}

func (f *failure) verdict() Verdict {
	if f.unknown {
		return Unknown
	}
	return Denied
}
