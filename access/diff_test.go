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

// worldOf decodes the configuration's JWTs, as natsplan reads them from
// a state, into the analysis' World.
func worldOf(t testing.TB, g *genConfig) *access.World {
	var accounts []*access.Account
	for _, a := range g.accounts {
		ac, err := jwt.DecodeAccountClaims(a.jwt)
		if err != nil {
			t.Fatalf("seed %d: %v", g.seed, err)
		}
		acc := &access.Account{Address: "account." + a.name, Claims: ac}
		for _, u := range a.users {
			uc, err := jwt.DecodeUserClaims(u.jwt)
			if err != nil {
				t.Fatalf("seed %d: %v", g.seed, err)
			}
			acc.Users = append(acc.Users, &access.User{Address: u.addr(a), Claims: uc})
		}
		accounts = append(accounts, acc)
	}
	return access.New(g.op, accounts, time.Now())
}

type question struct {
	kind      string
	user      *genUser
	account   *genAccount // the user's
	subject   string
	other     *genAccount // -to / -from
	published string
}

func (q question) String() string {
	s := fmt.Sprintf("%s %s %q", q.user.addr(q.account), q.kind, q.subject)
	if q.other != nil {
		s += " account." + q.other.name
	}
	if q.published != "" {
		s += fmt.Sprintf(" published %q", q.published)
	}
	return s
}

func randomQuestion(r *rand.Rand, g *genConfig) question {
	a := pick(r, g.accounts)
	q := question{account: a, user: pick(r, a.users), other: pick(r, g.accounts)}
	lit := func() string {
		if r.Intn(8) == 0 {
			return "tp." + pick(r, g.accounts).pub
		}
		return pick(r, literals)
	}
	switch r.Intn(10) {
	case 0, 1:
		q.kind, q.subject, q.other = "publish", lit(), nil
	case 2:
		q.kind, q.subject, q.other = "subscribe", pick(r, subs), nil
	case 3, 4, 5:
		q.kind, q.subject = "request", lit()
	default:
		q.kind, q.subject, q.published = "receive", pick(r, subs), lit()
	}
	return q
}

func (q question) analyse(w *access.World) access.Answer {
	u := w.User(q.user.addr(q.account))
	switch q.kind {
	case "publish":
		return w.Publish(u, q.subject)
	case "subscribe":
		return w.Subscribe(u, q.subject)
	case "request":
		return w.Request(u, q.subject, w.Account("account."+q.other.name))
	}
	return w.Receive(u, q.subject, w.Account("account."+q.other.name), q.published)
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
	g := generate(seed)
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
func dump(g *genConfig) string {
	s := ""
	for _, a := range g.accounts {
		ac, _ := jwt.DecodeAccountClaims(a.jwt)
		s += fmt.Sprintf("  account %s %s\n    exports %s\n    imports %s\n    defaults %s mappings %s revocations %d\n", a.name, a.pub, js(ac.Exports), js(ac.Imports), js(ac.DefaultPermissions), js(ac.Mappings), len(ac.Revocations))
		if len(ac.SigningKeys) > 0 {
			s += "    signing keys " + js(ac.SigningKeys) + "\n"
		}
		for _, u := range a.users {
			uc, _ := jwt.DecodeUserClaims(u.jwt)
			s += fmt.Sprintf("    user %s issuer-account=%q perms %s bearer=%v types=%v exp=%d\n", u.name, uc.IssuerAccount, js(uc.Permissions), uc.BearerToken, uc.AllowedConnectionTypes, uc.Expires)
		}
	}
	return s
}
