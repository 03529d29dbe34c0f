package expect

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/internal/accessgen"
)

// The claims natsplan test signs again with throwaway keys must behave on
// a server as the analysis says the original claims do: for generated
// configurations (revocations, activations, scoped keys, token positions
// included) and random expectations, no disagreement. EXPECT_DIFF_SEED
// replays a run.
func TestResignedClaimsAgreeWithAnalysis(t *testing.T) {
	base := time.Now().UnixNano() % 1e9
	if v, err := strconv.ParseInt(os.Getenv("EXPECT_DIFF_SEED"), 10, 64); err == nil {
		base = v
	}
	t.Logf("generator base seed %d (replay with EXPECT_DIFF_SEED=%d)", base, base)
	asked, unknown := 0, 0
	for i := int64(0); i < 20; i++ {
		g := accessgen.Generate(base + i)
		w, err := g.World()
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewSource(base + i))
		var exps []*Expectation
		for n := 0; n < 25; n++ {
			exps = append(exps, randomExpectation(r, g, n))
		}
		results, err := Run(exps, w)
		if err != nil {
			t.Fatalf("seed %d: %v", base+i, err)
		}
		for _, res := range results {
			asked++
			if res.Analysis.Verdict == access.Unknown {
				unknown++
				continue
			}
			if res.Disagrees() {
				e := res.Expectation
				t.Errorf("seed %d: %s %s %q %s: analysis\n%sserver allowed=%v", base+i, e.User, e.Op, e.Subject, e.Account, res.Analysis, *res.Server)
			}
		}
	}
	if unknown > asked/10 {
		t.Errorf("%d of %d answers unknown", unknown, asked)
	}
	t.Logf("%d expectations, %d unknown", asked, unknown)
}

func randomExpectation(r *rand.Rand, g *accessgen.Config, n int) *Expectation {
	a := accessgen.Pick(r, g.Accounts)
	u := accessgen.Pick(r, a.Users)
	e := &Expectation{Name: fmt.Sprint("e", n), User: u.Addr(a)}
	other := "account." + accessgen.Pick(r, g.Accounts).Name
	lit := accessgen.Pick(r, accessgen.Literals)
	if r.Intn(8) == 0 {
		lit = "tp." + accessgen.Pick(r, g.Accounts).Pub
	}
	switch r.Intn(6) {
	case 0:
		e.Op, e.Subject = "publish", lit
	case 1:
		e.Op, e.Subject = "subscribe", accessgen.Pick(r, accessgen.Subs)
	case 2, 3:
		e.Op, e.Subject, e.Account = "request", lit, other
	default:
		e.Op, e.Subject, e.Account = "subscribe", accessgen.Pick(r, accessgen.Subs), other
	}
	if !server.IsValidSubject(e.Subject) {
		e.Op, e.Subject = "publish", "x.a"
	}
	return e
}
