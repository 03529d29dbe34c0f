package live

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/natstest"
)

// withSigningKey adds a signing key to the operator of e, re-signed.
func (e *env) withSigningKey(t *testing.T, name string) nkeys.KeyPair {
	t.Helper()
	sk := e2(t, nkeys.CreateOperator)
	op := e.st.Resources["operator.Test"]
	oc, err := jwt.DecodeOperatorClaims(op.JWT)
	if err != nil {
		t.Fatal(err)
	}
	oc.SigningKeys.Add(pub(t, sk))
	e.put(t, "operator.Test", op.Kind, op.Name, oc, e.operator)
	names := map[string]string{name: pub(t, sk)}
	for n, k := range op.SigningKeys {
		names[n] = k
	}
	e.st.Resources["operator.Test"].SigningKeys = names
	return sk
}

// TestPushRefusesIssuerTheServerLacks: the server runs the operator JWT
// without k2; an account signed by k2 is refused before anything is
// sent, naming the account, the key and the server, and the server still
// holds nothing of it. The same push goes through on a server started
// with the operator JWT that lists k2.
func TestPushRefusesIssuerTheServerLacks(t *testing.T) {
	e := newEnv(t)
	url := e.start(t) // operator JWT without k2
	k2 := e.withSigningKey(t, "k2")
	a := e2(t, nkeys.CreateAccount)
	ac := jwt.NewAccountClaims(pub(t, a))
	ac.Name = "A"
	e.put(t, "account.A", "account", "A", ac, k2)

	s := e.dial(t, 2*time.Second, url)
	_, err := s.Push(context.Background(), e.st, PushOptions{Operator: e.operator})
	var refusal *OrderRefusal
	if !errors.As(err, &refusal) {
		t.Fatalf("push under an operator JWT without k2: %v, want a refusal", err)
	}
	for _, want := range []string{"account.A (" + pub(t, a) + `) is signed by operator signing key "k2" (` + pub(t, k2) + ")", DeployFirst} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal does not say %q:\n%v", want, err)
		}
	}
	if held, _ := s.lookup(context.Background(), s.groups[0], []string{pub(t, a)}); len(held[0]) != 1 || held[0][0] != "" {
		t.Fatalf("the server holds account A after a refused push: %q", held)
	}

	url = e.start(t) // started with the operator JWT that lists k2
	if r := e.push(t, e.dial(t, 2*time.Second, url)); !r.OK() || len(r.Unchecked) != 0 {
		t.Fatalf("push under the new operator JWT: %+v", r)
	}
}

// TestServerOperatorsReadsEmbeddedServer: a real server says which
// operator JWT it runs, with its signing keys.
func TestServerOperatorsReadsEmbeddedServer(t *testing.T) {
	e := newEnv(t)
	k := e.withSigningKey(t, "k")
	s := e.dial(t, 2*time.Second, e.start(t))
	ops, err := s.ServerOperators(context.Background(), pub(t, e.operator))
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 1 || ops[0].Problem != "" || ops[0].Silent != "" || !ops[0].SigningKeys[pub(t, k)] {
		t.Fatalf("server operators: %+v, want one listing %s", ops, pub(t, k))
	}
}

// TestReadVarzUntrusted: what a server answers can only stop a push. An
// answer that does not decode, an operator JWT that does not verify or
// is another operator's is a problem; an answer without the field is
// silent; none of them yields signing keys.
func TestReadVarzUntrusted(t *testing.T) {
	e := newEnv(t)
	opKey := pub(t, e.operator)
	other := e2(t, nkeys.CreateOperator)
	oc := jwt.NewOperatorClaims(pub(t, other))
	oc.Name = "Other"
	otherJWT, err := oc.Encode(other)
	if err != nil {
		t.Fatal(err)
	}
	ours := e.st.Resources["operator.Test"].JWT
	tampered := ours[:len(ours)-4] + "AAAA"
	answer := func(data any) []byte {
		b, err := json.Marshal(map[string]any{"server": map[string]string{"name": "n1"}, "data": data})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name    string
		data    []byte
		problem string
		silent  bool
	}{
		{"not JSON", []byte("{"), "its answer does not decode", false},
		{"tampered", answer(map[string]any{"trusted_operators_jwt": []string{tampered}}), "does not decode", false},
		{"other operator", answer(map[string]any{"trusted_operators_jwt": []string{otherJWT}}), `operator "Other" (` + pub(t, other) + "), not this state's operator", false},
		{"other claims", answer(map[string]any{"trusted_operators_claim": []any{oc}}), `operator "Other"`, false},
		{"no field", answer(map[string]any{"version": "2.1.0"}), "", true},
		{"no data", []byte(`{"server":{"name":"n1"}}`), "", true},
	} {
		so := readVarz(c.data, opKey)
		if so.SigningKeys != nil {
			t.Errorf("%s: signing keys %v from an answer that proves none", c.name, so.SigningKeys)
		}
		if c.problem != "" && !strings.Contains(so.Problem, c.problem) {
			t.Errorf("%s: problem %q, want %q", c.name, so.Problem, c.problem)
		}
		if c.silent != (so.Silent != "") || (c.problem == "") != (so.Problem == "") {
			t.Errorf("%s: %+v", c.name, so)
		}
	}
}

// TestCheckIssuersUntrustedServers: a server that runs another operator
// refuses the push; one that does not say lets it go on, as checked by
// the server itself.
func TestCheckIssuersUntrustedServers(t *testing.T) {
	e := newEnv(t)
	k := e.withSigningKey(t, "k")
	e.put(t, "account.A", "account", "A", jwt.NewAccountClaims(pub(t, e2(t, nkeys.CreateAccount))), k)
	accounts := Accounts(e.st)
	refusal, silent, err := checkIssuers(e.st, accounts, []ServerOperator{
		{Server: "n1", SigningKeys: map[string]bool{pub(t, k): true}},
		{Server: "n2", Silent: "did not say"},
	})
	if err != nil || refusal != nil || len(silent) != 1 || silent[0].Server != "n2" {
		t.Fatalf("refusal %v, silent %+v, err %v", refusal, silent, err)
	}
	refusal, _, err = checkIssuers(e.st, accounts, []ServerOperator{
		{Server: "n1", SigningKeys: map[string]bool{}},
		{Server: "n3", Problem: "it runs operator \"Other\""},
	})
	if err != nil || refusal == nil || len(refusal.Gaps) != 1 || refusal.Gaps[0].IssuerName != "k" ||
		strings.Join(refusal.Gaps[0].Servers, ",") != "n1" || !strings.Contains(refusal.Error(), `server n3: it runs operator "Other"`) {
		t.Fatalf("refusal %v, err %v", refusal, err)
	}
}

// TestPushRefusesClusterWithOneServerBehind: in a cluster where n3 still
// runs the operator JWT without k2, push names n3 alone and sends
// nothing to any server, the two servers that would accept included.
func TestPushRefusesClusterWithOneServerBehind(t *testing.T) {
	e := newEnv(t)
	behind := e.conf(t)
	k2 := e.withSigningKey(t, "k2")
	servers := natstest.StartCluster(t, e.conf(t), e.conf(t), behind)
	a := e2(t, nkeys.CreateAccount)
	ac := jwt.NewAccountClaims(pub(t, a))
	ac.Name = "A"
	e.put(t, "account.A", "account", "A", ac, k2)

	s := e.dial(t, 2*time.Second, servers[0].ClientURL())
	_, err := s.Push(context.Background(), e.st, PushOptions{Operator: e.operator})
	var refusal *OrderRefusal
	if !errors.As(err, &refusal) || len(refusal.Gaps) != 1 || strings.Join(refusal.Gaps[0].Servers, ",") != "n3" {
		t.Fatalf("push to a cluster with n3 behind: %v, want a refusal naming n3 only", err)
	}
	held, err := s.lookup(context.Background(), s.groups[0], []string{pub(t, a)})
	if err != nil {
		t.Fatal(err)
	}
	if len(held[0]) != 3 || strings.Join(held[0], "") != "" {
		t.Fatalf("after a refused push the servers hold %q for A, want nothing on all 3", held[0])
	}
}
