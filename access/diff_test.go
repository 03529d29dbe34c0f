package access_test

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/access"
	"github.com/natsplan/natsplan/internal/accessgen"
)

// The differential test: for generated configurations and random
// questions, the analysis must answer what an embedded nats-server does
// with real clients. ACCESS_DIFF_CONFIGS and ACCESS_DIFF_QUERIES raise
// the counts (make test-access-more); ACCESS_DIFF_SEED replays one run.
func TestAnalysisMatchesServer(t *testing.T) {
	configs, queries := envInt("ACCESS_DIFF_CONFIGS", 60), envInt("ACCESS_DIFF_QUERIES", 40)
	base := int64(envInt("ACCESS_DIFF_SEED", int(time.Now().UnixNano()%1e9)))
	t.Logf("generator base seed %d (replay with ACCESS_DIFF_SEED=%d)", base, base)
	var asked, unknowns, allowed atomic.Int64
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := 0; i < configs; i++ {
		seed := base + int64(i)
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			a, u, al := checkConfig(t, seed, queries)
			asked.Add(a)
			unknowns.Add(u)
			allowed.Add(al)
		}()
	}
	wg.Wait()
	t.Logf("%d questions over %d configurations: %d allowed, %d unknown (not compared)", asked.Load(), configs, allowed.Load(), unknowns.Load())
	if asked.Load()-unknowns.Load() < int64(configs*queries)*8/10 {
		t.Errorf("too many unknown answers: %d of %d", unknowns.Load(), asked.Load())
	}
	if allowed.Load() < asked.Load()/10 || allowed.Load() > asked.Load()*9/10 {
		t.Errorf("the generator is lopsided: %d of %d allowed", allowed.Load(), asked.Load())
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// worldOf is g's World, or the test fails.
func worldOf(t testing.TB, g *accessgen.Config) *access.World {
	w, err := g.World()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

type question struct {
	kind      string
	user      *accessgen.User
	account   *accessgen.Account // the user's
	subject   string
	other     *accessgen.Account // -to / -from
	published string
}

func (q question) String() string {
	s := fmt.Sprintf("%s %s %q", q.user.Addr(q.account), q.kind, q.subject)
	if q.other != nil {
		s += " account." + q.other.Name
	}
	if q.published != "" {
		s += fmt.Sprintf(" published %q", q.published)
	}
	return s
}

func randomQuestion(r *rand.Rand, g *accessgen.Config) question {
	a := accessgen.Pick(r, g.Accounts)
	q := question{account: a, user: accessgen.Pick(r, a.Users), other: accessgen.Pick(r, g.Accounts)}
	lit := func() string {
		if r.Intn(8) == 0 {
			return "tp." + accessgen.Pick(r, g.Accounts).Pub
		}
		return accessgen.Pick(r, accessgen.Literals)
	}
	switch r.Intn(10) {
	case 0, 1:
		q.kind, q.subject, q.other = "publish", lit(), nil
	case 2:
		q.kind, q.subject, q.other = "subscribe", accessgen.Pick(r, accessgen.Subs), nil
	case 3, 4, 5:
		q.kind, q.subject = "request", lit()
	default:
		q.kind, q.subject, q.published = "receive", accessgen.Pick(r, accessgen.Subs), lit()
	}
	return q
}

func (q question) analyse(w *access.World) access.Answer {
	u := w.User(q.user.Addr(q.account))
	switch q.kind {
	case "publish":
		return w.Publish(u, q.subject)
	case "subscribe":
		return w.Subscribe(u, q.subject)
	case "request":
		return w.Request(u, q.subject, w.Account("account."+q.other.Name))
	}
	return w.Receive(u, q.subject, w.Account("account."+q.other.Name), q.published)
}

func (q question) observe(p *probe) (bool, error) {
	switch q.kind {
	case "publish":
		return p.publish(q.user, q.account, q.subject)
	case "subscribe":
		return p.subscribe(q.user, q.subject)
	case "request":
		return p.request(q.user, q.other, q.subject)
	}
	return p.receive(q.user, q.subject, q.other, q.published)
}

// checkConfig asks n questions of one configuration, on one server.
func checkConfig(t *testing.T, seed int64, n int) (asked, unknowns, allowed int64) {
	g := accessgen.Generate(seed)
	w := worldOf(t, g)
	p := &probe{s: startServer(t, g)}
	r := rand.New(rand.NewSource(seed * 7919))
	for i := 0; i < n; i++ {
		q := randomQuestion(r, g)
		a := q.analyse(w)
		asked++
		if a.Verdict == access.Unknown {
			unknowns++
			continue
		}
		got, err := q.observe(p)
		if err != nil {
			t.Errorf("seed %d: %s: server: %v\nanalysis: %s", seed, q, err, a)
			continue
		}
		if got {
			allowed++
		}
		if got != (a.Verdict == access.Allowed) {
			t.Errorf("seed %d: %s: server says allowed=%v, analysis says\n%s%s", seed, q, got, a, dump(g))
		}
	}
	return asked, unknowns, allowed
}

// dump describes a configuration for a failure message.
func dump(g *accessgen.Config) string {
	s := ""
	for _, a := range g.Accounts {
		ac, _ := jwt.DecodeAccountClaims(a.JWT)
		s += fmt.Sprintf("  account %s %s\n    exports %s\n    imports %s\n    defaults %s mappings %s revocations %d\n", a.Name, a.Pub, js(ac.Exports), js(ac.Imports), js(ac.DefaultPermissions), js(ac.Mappings), len(ac.Revocations))
		if len(ac.SigningKeys) > 0 {
			s += "    signing keys " + js(ac.SigningKeys) + "\n"
		}
		for _, u := range a.Users {
			uc, _ := jwt.DecodeUserClaims(u.JWT)
			s += fmt.Sprintf("    user %s issuer-account=%q perms %s bearer=%v types=%v exp=%d\n", u.Name, uc.IssuerAccount, js(uc.Permissions), uc.BearerToken, uc.AllowedConnectionTypes, uc.Expires)
		}
	}
	return s
}
