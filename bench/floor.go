package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/fleet"
)

// signingFloor is the time to create one nkey and sign one JWT per entity
// of the fleet, on all cores, the way a program would with nkeys and
// jwt/v2: users signed by their account's key, accounts (with their
// service and imports) and the operator by the operator's. Nothing is
// stored; this is the cost no tool that creates the fleet can avoid.
func signingFloor(spec fleet.Spec) (time.Duration, error) {
	op, err := nkeys.CreateOperator()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				if err := signAccount(spec, i, op); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for i := range spec.Accounts + 2 { // + the operator and SYS, as accounts
		work <- i
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return 0, err
	default:
	}
	return time.Since(start), nil
}

// bestFloor is the fastest of repeat signingFloor runs.
func bestFloor(repeat int, spec fleet.Spec) (time.Duration, error) {
	var b time.Duration
	for i := range repeat {
		d, err := signingFloor(spec)
		if err != nil {
			return 0, err
		}
		if i == 0 || d < b {
			b = d
		}
	}
	return b, nil
}

// signAccount creates account i and its users and signs their JWTs.
func signAccount(spec fleet.Spec, i int, op nkeys.KeyPair) error {
	acct, err := nkeys.CreateAccount()
	if err != nil {
		return err
	}
	pub, _ := acct.PublicKey()
	ac := jwt.NewAccountClaims(pub)
	ac.Name = fleet.AccountName(i)
	ac.Exports.Add(&jwt.Export{Name: "svc", Subject: jwt.Subject(spec.Subject(i)), Type: jwt.Service})
	for k := 1; k <= spec.Imports; k++ {
		ac.Imports.Add(&jwt.Import{Name: fmt.Sprint("from_", k), Subject: jwt.Subject(spec.Subject(k)),
			Account: pub, Type: jwt.Service})
	}
	if _, err := ac.Encode(op); err != nil {
		return err
	}
	for u := range spec.Users {
		user, err := nkeys.CreateUser()
		if err != nil {
			return err
		}
		upub, _ := user.PublicKey()
		uc := jwt.NewUserClaims(upub)
		uc.Name = fmt.Sprintf("u%02d", u)
		if _, err := uc.Encode(acct); err != nil {
			return err
		}
	}
	return nil
}
