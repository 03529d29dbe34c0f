package view

import (
	"bytes"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// A replacement reads loudly: -/+, "must be replaced", and the key line
// says it forces a new key, in text; "replace" in JSON.
func TestReplacementRendering(t *testing.T) {
	c := &planner.Change{Address: "account.Payments", Kind: state.KindAccount, Name: "Payments",
		Action: planner.Replace, PriorKey: "AOLD", Desired: &planner.Desired{PublicKey: "ANEW"},
		Diff: []planner.AttrDiff{{Action: planner.Update, Key: "public_key", Before: `"AOLD"`, After: `"ANEW"`}}}
	p := &planner.Plan{Changes: []*planner.Change{c}}
	var text bytes.Buffer
	Plan(&text, p, false)
	for _, want := range []string{
		"# account.Payments must be replaced: forces a new key",
		`-/+ account "Payments" {`,
		`~ public_key = "AOLD" -> "ANEW" # forces a new key`,
		"Plan: 1 to add, 0 to change, 1 to destroy.",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the plan lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := PlanJSON(&js, p, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"action": "replace"`, `"action_reason": "replace_because_key_edited"`, `"prior_key": "AOLD"`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("the JSON plan lacks %s:\n%s", want, js.String())
		}
	}
	c.Requested = true
	js.Reset()
	if err := PlanJSON(&js, p, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"action_reason": "replace_by_request"`) {
		t.Errorf("the JSON plan does not say -replace asked for the replacement:\n%s", js.String())
	}
}
