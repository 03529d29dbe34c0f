package view

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/access"
)

// The text and markdown plans list at most MaxAccessLines access changes
// and say how many more there are and where they all are; the JSON plan
// holds every one.
func TestAccessChangesAreListedUpToTheCap(t *testing.T) {
	a := &AccessChanges{}
	for i := range MaxAccessLines + 7 {
		a.Changes = append(a.Changes, access.Change{Op: '+', Kind: "opens",
			Fact: access.Fact{User: fmt.Sprintf("account.A.user.u%d", i), Kind: "connect"}})
	}
	var text bytes.Buffer
	PlanAccess(&text, a)
	if got := strings.Count(text.String(), "account.A.user.u"); got != MaxAccessLines {
		t.Errorf("text lists %d changes, want %d", got, MaxAccessLines)
	}
	if !strings.Contains(text.String(), "... and 7 more access changes") {
		t.Errorf("text does not say what it left out:\n%s", text.String()[text.Len()-300:])
	}
	if md := a.markdown(); strings.Count(md, "account.A.user.u") != MaxAccessLines || !strings.Contains(md, "and 7 more access changes") {
		t.Errorf("markdown does not cap the list with a note")
	}
	if got := len(a.json()); got != MaxAccessLines+7 {
		t.Errorf("JSON holds %d changes, want all %d", got, MaxAccessLines+7)
	}
}
