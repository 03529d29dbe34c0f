package accessgen

import (
	"fmt"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/access"
)

// World decodes the configuration's JWTs, as natsplan reads them from a
// state, into the analysis' World.
func (g *Config) World() (*access.World, error) {
	var accounts []*access.Account
	for _, a := range g.Accounts {
		ac, err := jwt.DecodeAccountClaims(a.JWT)
		if err != nil {
			return nil, fmt.Errorf("seed %d: %v", g.Seed, err)
		}
		acc := &access.Account{Address: "account." + a.Name, Claims: ac}
		for _, u := range a.Users {
			uc, err := jwt.DecodeUserClaims(u.JWT)
			if err != nil {
				return nil, fmt.Errorf("seed %d: %v", g.Seed, err)
			}
			acc.Users = append(acc.Users, &access.User{Address: u.Addr(a), Claims: uc})
		}
		accounts = append(accounts, acc)
	}
	return access.New(g.Op, accounts, time.Now()), nil
}
