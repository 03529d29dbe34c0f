package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestForEachFiftyUsers makes 50 users from a map with for_each: 50 users
// are created, each named after its key and with its own permissions from
// the map's value, and planning again finds nothing to do. Changing one
// value changes exactly that user, and dropping the others revokes them
// in their account.
func TestForEachFiftyUsers(t *testing.T) {
	var entries []string
	for i := range 50 {
		entries = append(entries, fmt.Sprintf("    user%02d = \"team%d\"", i, i%5))
	}
	src := `variable "users" {
  type    = map(string)
  default = {
` + strings.Join(entries, "\n") + `
  }
}
operator "O" { system_account = account.SYS }
account "SYS" {}
account "App" {
  user "member" {
    for_each  = var.users
    allow_pub = ["${each.value}.>"]
  }
}
`
	a := applySrc(t, src)
	users := 0
	for addr, r := range a.st.Resources {
		if strings.HasPrefix(addr, `account.App.user.member["user`) {
			users++
			if !strings.HasPrefix(r.Name, `member["user`) {
				t.Errorf("%s has name %q", addr, r.Name)
			}
		}
	}
	if users != 50 {
		t.Fatalf("%d users in the state, want 50", users)
	}
	uc := a.claims(t, `account.App.user.member["user07"]`)
	if got := fmt.Sprint(uc.Claims().Name); got != "user07" {
		t.Errorf("user07's JWT is named %q", got)
	}
	out := mustRun(t, exitOK, a.dir, "plan", "-var", `users={user07="other"}`)
	for _, want := range []string{"Plan: 0 to add, 2 to change, 49 to destroy.", "+ revoke user App.user.member[\"user49\"]", `account.App.user.member["user07"] will be updated in-place`} {
		if !strings.Contains(out, want) {
			t.Errorf("plan with one user left does not say %q:\n%s", want, out)
		}
	}
}
