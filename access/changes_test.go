package access_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/internal/accessgen"
)

// A world compared with itself changes nothing.
func TestChangesOfNothingIsNothing(t *testing.T) {
	for seed := int64(1); seed <= 30; seed++ {
		g := accessgen.Generate(seed)
		if ch := access.Changes(worldOf(t, g), worldOf(t, g)); len(ch) != 0 {
			t.Errorf("seed %d: %d changes, first %s", seed, len(ch), ch[0])
		}
	}
}

// A destroyed user keeps its creds until its account revokes it: taken
// out of the claims alone it loses nothing; revoked as well, it can no
// longer connect, in one line.
func TestDestroyedUserClosesOnlyWhenRevoked(t *testing.T) {
	g := accessgen.Generate(7)
	before := worldOf(t, g)
	var victim *access.User
	for _, f := range before.Matrix() {
		if f.Kind == "connect" && f.Unknown == "" {
			victim = before.User(f.User)
			break
		}
	}
	if victim == nil {
		t.Fatal("seed 7 has no user that connects")
	}
	without := func(revoke bool) *access.World {
		var accounts []*access.Account
		for _, a := range before.Accounts {
			c := *a.Claims
			na := &access.Account{Address: a.Address, Claims: &c}
			if revoke && a == victim.Account {
				c.Revocations = jwt.RevocationList{}
				for k, v := range a.Claims.Revocations {
					c.Revocations[k] = v
				}
				c.Revocations.Revoke(victim.Claims.Subject, time.Now().Add(time.Minute))
			}
			for _, u := range a.Users {
				if u != victim {
					na.Users = append(na.Users, &access.User{Address: u.Address, Claims: u.Claims})
				}
			}
			accounts = append(accounts, na)
		}
		return access.New(before.Operator, accounts, before.Now)
	}
	for _, ch := range access.Changes(before, without(false)) {
		if ch.Fact.User == victim.Address {
			t.Errorf("a destroyed but unrevoked user loses access it still has: %s", ch)
		}
	}
	var lines []string
	for _, ch := range access.Changes(before, without(true)) {
		if ch.Fact.User == victim.Address {
			lines = append(lines, ch.String())
		}
	}
	want := "- " + victim.Address + " can no longer connect (user destroyed and revoked)"
	if len(lines) != 1 || lines[0] != want {
		t.Errorf("revoked and destroyed: got\n%s\nwant\n%s", strings.Join(lines, "\n"), want)
	}
}
