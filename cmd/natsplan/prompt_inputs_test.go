package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
)

// answerAfter is apply's stdin: the first time apply reads the answer to
// its prompt, that is once the plan is shown, it runs change, then
// answers "yes".
type answerAfter struct {
	change func()
	answer *strings.Reader
}

func (a *answerAfter) Read(p []byte) (int, error) {
	if a.change != nil {
		a.change()
		a.change = nil
	}
	return a.answer.Read(p)
}

const promptConfig = `operator "Test" {
  system_account = account.SYS
}

account "SYS" {}

account "A" {
  user "u" {
    allow_pub = jsondecode(file("perms.json"))
  }
}
`

// TestApplySignsWhatItShowed: apply without a saved plan asks "yes" after
// showing the plan; a file() input changed while it waits is not read
// again: the claims signed are those shown, both for entities created
// with new keys and for one updated in place.
func TestApplySignsWhatItShowed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), promptConfig)
	perms := filepath.Join(dir, "perms.json")
	for _, step := range []struct{ shown, meanwhile, want string }{
		{`["a.>"]`, `[">"]`, "a.>"},       // creates every entity
		{`["a.>","b"]`, `[">"]`, "a.>,b"}, // updates the user
	} {
		writeFile(t, perms, step.shown)
		stdin := &answerAfter{change: func() { writeFile(t, perms, step.meanwhile) }, answer: strings.NewReader("yes\n")}
		var out, errs bytes.Buffer
		if code := run([]string{"-chdir=" + dir, "apply"}, stdin, &out, &errs); code != exitOK {
			t.Fatalf("apply: exit %d\n%s%s", code, out.String(), errs.String())
		}
		if !strings.Contains(out.String(), "Apply complete!") || stdin.change != nil {
			t.Fatalf("apply did not ask, or did not finish:\n%s", out.String())
		}
		uc, err := jwt.DecodeUserClaims(readState(t, dir).Get("account.A.user.u").JWT)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(uc.Pub.Allow, ","); got != step.want {
			t.Fatalf("shown %s, changed to %s at the prompt: signed pub.allow %q, want %q", step.shown, step.meanwhile, got, step.want)
		}
		// What changed meanwhile is a change of its own; what was shown
		// is applied.
		if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, `-> [">"]`) {
			t.Fatalf("plan with the file changed at the prompt:\n%s", out)
		}
		writeFile(t, perms, step.shown)
		if out := mustRun(t, exitOK, dir, "plan"); !strings.Contains(out, "No changes.") {
			t.Fatalf("plan with the file as shown:\n%s", out)
		}
	}
}
