package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// warnStillSigned runs after plan -server has shown the plan: for every
// signing key the plan drops, it asks the servers which JWTs they hold
// that the key issued (live.StillSigned) and warns about each key that
// still issued some. It asks nothing when the plan drops no key, so a
// plan without key changes costs nothing more.
func warnStillSigned(ws *workspace, df *driftFlags, st *state.State, p *planner.Plan) bool {
	if df.refreshOnly || len(df.live.servers) == 0 {
		return true
	}
	dropped := droppedKeys(p)
	if len(dropped) == 0 {
		return true
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sess, ok := ws.dial(ctx, df.live, st)
	if !ok {
		return false
	}
	defer sess.Close()
	still, err := sess.StillSigned(ctx, dropped)
	if err != nil {
		ws.c.errorf("reading the servers for the signing keys this plan drops: %v", err)
		return false
	}
	warned := false
	for _, s := range still {
		if len(s.JWTs) == 0 {
			fmt.Fprintf(ws.c.stdout, "\nNo JWT on the servers is still signed by %s, which this plan drops.\n", describeKey(s.DroppedKey))
			continue
		}
		warned = true
		fmt.Fprintf(ws.c.stdout, "\nWarning: %s on the servers %s still signed by %s: %s.\n",
			plural(len(s.JWTs), "JWT"), isAre(len(s.JWTs)), describeKey(s.DroppedKey), strings.Join(s.JWTs, ", "))
	}
	if warned {
		fmt.Fprintln(ws.c.stdout, "The servers refuse these once the JWT without the key reaches them: push what apply re-signs "+
			"(it re-signs what the state holds) before deploying the operator JWT without the key (natsplan server-config).")
	}
	return true
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// describeKey names a dropped key as the plan does.
func describeKey(d live.DroppedKey) string {
	kind, owner := "account", " of "+d.Owner
	if d.Operator {
		kind, owner = "operator", ""
	}
	name := ""
	if d.Name != "" {
		name = " `" + d.Name + "`"
	}
	return fmt.Sprintf("%s signing key%s%s (%s)", kind, name, owner, d.Key)
}

// droppedKeys lists the signing keys that the plan takes out of the
// operator's and the accounts' JWTs: its rotations that remove a key or
// drop a compromised one (planner.Rotation), in the plan's order, by
// owner and key name.
func droppedKeys(p *planner.Plan) []live.DroppedKey {
	var out []live.DroppedKey
	for _, r := range p.Rotations {
		if r.State == planner.RotationRetire {
			continue // still listed: nothing is dropped yet
		}
		out = append(out, live.DroppedKey{Key: r.PublicKey, Name: r.Key, Owner: r.Owner, Operator: r.OwnerKind == state.KindOperator})
	}
	return out
}
