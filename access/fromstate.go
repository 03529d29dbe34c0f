package access

import (
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// FromState decodes the JWTs of a state into a World judged at now. It
// does not verify them: the caller verifies the state first (it is
// untrusted input), so that the analysis describes claims a server would
// accept from this operator.
func FromState(st *state.State, now time.Time) (*World, error) {
	var op *jwt.OperatorClaims
	accounts := map[string]*Account{}
	type pending struct {
		addr string
		uc   *jwt.UserClaims
	}
	var users []pending
	grants := map[string]string{}
	for _, addr := range st.Addresses() {
		r := st.Get(addr)
		token, err := r.LoadJWT()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", addr, err)
		}
		switch r.Kind {
		case state.KindOperator:
			if op, err = jwt.DecodeOperatorClaims(token); err != nil {
				return nil, fmt.Errorf("%s: %v", addr, err)
			}
		case state.KindAccount:
			ac, err := jwt.DecodeAccountClaims(token)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", addr, err)
			}
			accounts[addr] = &Account{Address: addr, Claims: ac}
		case state.KindUser:
			uc, err := jwt.DecodeUserClaims(token)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", addr, err)
			}
			users = append(users, pending{addr, uc})
		case state.KindGrant:
			grants[token] = addr
		}
	}
	for _, u := range users {
		i := strings.LastIndex(u.addr, ".user.")
		acc := accounts[u.addr[:max(i, 0)]]
		if i < 0 || acc == nil {
			return nil, fmt.Errorf("%s: no account holds this user", u.addr)
		}
		acc.Users = append(acc.Users, &User{Address: u.addr, Claims: u.uc})
	}
	list := make([]*Account, 0, len(accounts))
	for _, a := range accounts {
		list = append(list, a)
	}
	w := New(op, list, now)
	w.grants = grants
	return w, nil
}
