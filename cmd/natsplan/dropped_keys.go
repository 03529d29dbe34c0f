package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"

	"github.com/nats-io/jwt/v2"

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
			pluralize(len(s.JWTs), "JWT"), isAre(len(s.JWTs)), describeKey(s.DroppedKey), strings.Join(s.JWTs, ", "))
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

// droppedKeys lists the signing keys that the plan's changes take out of
// the operator's and the accounts' JWTs: in the prior JWT of the state,
// not in the claims the plan signs. Deletions drop the whole entity and
// are shown by the plan as such.
func droppedKeys(p *planner.Plan) []live.DroppedKey {
	var out []live.DroppedKey
	for _, c := range p.Changes {
		if c.Prior == nil || c.Desired == nil || c.Desired.Claims == nil {
			continue
		}
		if c.Kind != state.KindOperator && c.Kind != state.KindAccount {
			continue
		}
		token, err := c.Prior.LoadJWT()
		if err != nil {
			continue // the plan reports a state it cannot read
		}
		prior, err := jwt.Decode(token)
		if err != nil {
			continue // nor does a JWT that does not decode drop anything
		}
		before, after := signingKeysOf(prior), signingKeysOf(c.Desired.Claims)
		names := map[string]string{}
		for name, k := range c.Prior.SigningKeys {
			names[k] = name
		}
		for k := range before {
			if !after[k] {
				out = append(out, live.DroppedKey{Key: k, Name: names[k], Owner: c.Address, Operator: c.Kind == state.KindOperator})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Owner != out[j].Owner {
			return out[i].Owner < out[j].Owner
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// signingKeysOf is the set of signing keys of an operator's or account's
// claims; empty for anything else.
func signingKeysOf(c jwt.Claims) map[string]bool {
	out := map[string]bool{}
	switch c := c.(type) {
	case *jwt.OperatorClaims:
		for _, k := range c.SigningKeys {
			out[k] = true
		}
	case *jwt.AccountClaims:
		for k := range c.SigningKeys {
			out[k] = true
		}
	}
	return out
}
