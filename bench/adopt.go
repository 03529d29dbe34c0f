package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/natsplan/natsplan/nscstore"
	"github.com/natsplan/natsplan/state"
)

// adoptLimit is the largest fleet adopt is measured on: the goal is for
// 1,000 accounts of 10 users, and writing a larger nsc layout (one file
// per key) costs the benchmark minutes for no further insight.
const adoptLimit = 1000

// measureAdopt writes the applied fleet in dir as an nsc store (JWTs and
// keys in nsc's layout, as nsc would hold it), then times natsplan adopt
// of it into a new project, and the first plan there, best of repeat.
func measureAdopt(bin, dir string, n, repeat int, r *row) error {
	if n > adoptLimit {
		return nil
	}
	nsc := filepath.Join(dir, "nsc")
	if err := os.RemoveAll(nsc); err != nil {
		return err
	}
	if err := nscLayout(dir, nsc); err != nil {
		return fmt.Errorf("writing the nsc store: %w", err)
	}
	project := filepath.Join(dir, "adopted")
	for i := range repeat {
		if err := os.RemoveAll(project); err != nil {
			return err
		}
		if err := os.MkdirAll(project, 0o755); err != nil {
			return err
		}
		res, err := natsplan(bin, project, "adopt", "-nsc="+filepath.Join(nsc, "stores"), "-keys="+filepath.Join(nsc, "keys"))
		if err != nil {
			return err
		}
		if !strings.Contains(res.stdout, `natsplan plan says "No changes."`) {
			return fmt.Errorf("adopt found claims it cannot express:\n%.2000s", res.stdout)
		}
		if i == 0 || res.elapsed < r.adopt {
			r.adopt, r.adoptRSS = res.elapsed, res.peakRSS
		}
	}
	plan, err := best(repeat, bin, project, "plan")
	if err != nil {
		return err
	}
	if plan.stdout != "No changes. The configuration matches the state.\n" {
		return fmt.Errorf("plan after adopt is not empty:\n%.2000s", plan.stdout)
	}
	r.adoptPlan = plan.elapsed
	return nil
}

// nscLayout writes the state and keystore of the project in dir as nsc
// keeps them: stores/<operator>/... and keys/keys/<kind>/<2>/<key>.nk.
// The keys are test data here, so they are written without fsync.
func nscLayout(dir, nsc string) error {
	st, err := state.Read(filepath.Join(dir, "natsplan.state.json"))
	if err != nil {
		return err
	}
	ks, err := state.OpenKeystore(filepath.Join(dir, ".natsplan", "keys"))
	if err != nil {
		return err
	}
	var tree nscstore.Tree
	var keys []string
	for _, r := range st.Resources {
		switch r.Kind {
		case state.KindOperator:
			tree.Operator = r.JWT
		case state.KindAccount:
			tree.Accounts = append(tree.Accounts, r.JWT)
		case state.KindUser:
			tree.Users = append(tree.Users, r.JWT)
		}
		if r.Kind != state.KindGrant {
			keys = append(keys, r.PublicKey)
		}
		for _, k := range r.SigningKeys {
			keys = append(keys, k)
		}
	}
	if _, err := nscstore.Write(filepath.Join(nsc, "stores"), tree); err != nil {
		return err
	}
	for _, pub := range keys {
		kp, err := ks.Get(pub)
		if err != nil {
			return err
		}
		s, _ := kp.Seed()
		seed := append([]byte(nil), s...) // Wipe zeroes the key pair's own copy
		kp.Wipe()
		p := filepath.Join(nsc, "keys", "keys", pub[:1], pub[1:3], pub+".nk")
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(p, seed, 0o600); err != nil {
			return err
		}
	}
	return nil
}
