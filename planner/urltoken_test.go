package planner

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/state"
)

// An importer whose token, fetched from a URL, has expired is re-signed
// so that apply fetches the token again; until then nothing changes. The
// planner reads the expiry from the importer's JWT in the state, the one
// JWT a plan without changes reads (planAt plans with it read lazily too).
func TestExpiredURLTokenIsFetchedAgain(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	exporter, _ := nkeys.CreateAccount()
	expKey, _ := exporter.PublicKey()
	src := fmt.Sprintf(`operator "O" { system_account = account.SYS }
account "SYS" {}
account "Imp" {
  import "help" {
    service   = "help.imp"
    from      = %q
    token_url = "https://tokens.example/imp.jwt"
  }
}
`, expKey)
	st := pretendApplied(t, planAt(t, src, state.New(), t0))
	fetched(t, st.Get("account.Imp"), exporter, t0.Add(time.Hour))

	if p := planAt(t, src, st, t0); !p.Empty() {
		t.Fatalf("with the token valid: %v, want no changes", changed(p))
	}
	later := planAt(t, src, st, t0.Add(2*time.Hour))
	if got := changed(later); len(got) != 1 || got[0] != "~ account.Imp" {
		t.Fatalf("once the token expired: %v, want the importer re-signed", got)
	}
	want := `the activation token of import "help" expired at 2030-01-01T01:00:00Z; apply fetches it again`
	if r := strings.Join(later.Changes[0].Reasons, "\n"); !strings.Contains(r, want) {
		t.Errorf("reasons %q, want %q", r, want)
	}
}

// fetched puts into an importer's JWT, as apply does, a token from the
// exporter that expires at exp.
func fetched(t *testing.T, r *state.Resource, exporter nkeys.KeyPair, exp time.Time) {
	t.Helper()
	ac, err := jwt.DecodeAccountClaims(r.JWT)
	if err != nil {
		t.Fatal(err)
	}
	act := jwt.NewActivationClaims(r.PublicKey)
	act.ImportSubject, act.ImportType, act.Expires = "help.imp", jwt.Service, exp.Unix()
	if ac.Imports[0].Token, err = act.Encode(exporter); err != nil {
		t.Fatal(err)
	}
	signer, _ := nkeys.CreateOperator()
	if r.JWT, err = ac.Encode(signer); err != nil {
		t.Fatal(err)
	}
}

// The permission to fetch over plain http is part of the import's claims,
// so granting it changes the digest and shows in a plan; an https URL's
// stand-in is what it always was, so states written before keep their
// digests.
func TestURLTokenStandIn(t *testing.T) {
	if got := URLTokenRef("https://t.example/a.jwt", false); got != "natsplan-url:https://t.example/a.jwt" {
		t.Fatalf("https stand-in %q changed", got)
	}
	for _, insecure := range []bool{false, true} {
		url, allow, ok := ParseURLToken(URLTokenRef("http://t.example/a.jwt", insecure))
		if !ok || url != "http://t.example/a.jwt" || allow != insecure {
			t.Errorf("insecure=%v: parsed %q, %v, %v", insecure, url, allow, ok)
		}
		if u, ok := ParseURLTokenRef(URLTokenRef("http://t.example/a.jwt", insecure)); !ok || u != "http://t.example/a.jwt" {
			t.Errorf("insecure=%v: ParseURLTokenRef gives %q, %v", insecure, u, ok)
		}
	}
	if _, _, ok := ParseURLToken(TokenRef("grant.g", "d")); ok {
		t.Error("a grant reference parses as a URL token")
	}
}

// allow_insecure_url is part of an import's claims only where it changes
// something, a plain http URL; beside an https URL it changes no digest.
func TestInsecureFlagOnlyForHTTP(t *testing.T) {
	exporter, _ := nkeys.CreateAccount()
	expKey, _ := exporter.PublicKey()
	src := func(url, extra string) string {
		return fmt.Sprintf(`operator "O" { system_account = account.SYS }
account "SYS" {}
account "Imp" {
  import "help" {
    service   = "help.imp"
    from      = %q
    token_url = %q
%s  }
}
`, expKey, url, extra)
	}
	token := func(p *Plan) string { return p.Desired["account.Imp"].Claims.(*jwt.AccountClaims).Imports[0].Token }
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	flag := "    allow_insecure_url = true\n"
	if a, b := token(planAt(t, src("https://t.example/a.jwt", ""), state.New(), t0)),
		token(planAt(t, src("https://t.example/a.jwt", flag), state.New(), t0)); a != b {
		t.Errorf("allow_insecure_url beside https changes the stand-in: %q, %q", a, b)
	}
	if _, insecure, _ := ParseURLToken(token(planAt(t, src("http://t.example/a.jwt", flag), state.New(), t0))); !insecure {
		t.Error("allow_insecure_url beside http is not in the stand-in")
	}
}
