package live

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
)

// varzSubject asks every server for its general information. nats-server's
// Varz carries the operator JWTs the server was started with
// (trusted_operators_jwt) and their decoded claims
// (trusted_operators_claim); v2.10, v2.11 and v2.15 all answer both.
const varzSubject = "$SYS.REQ.SERVER.PING.VARZ"

// ServerOperator is what one server says about the operator it trusts,
// seen from this state's operator.
type ServerOperator struct {
	Server string
	// SigningKeys are the signing keys of this state's operator in the
	// operator JWT the server runs; nil when Problem or Silent is set.
	SigningKeys map[string]bool
	// JWT is that operator JWT; "" when the server gave only its claims.
	JWT string
	// Problem says why the server's operator cannot be read as this
	// state's operator: a JWT that does not decode, or another operator.
	Problem string
	// Silent is set when the server answered without saying which
	// operator JWT it runs, or did not answer at all.
	Silent string
}

// varzAnswer is the part of a VARZ answer that is read.
type varzAnswer struct {
	Server struct {
		Name string `json:"name"`
	} `json:"server"`
	Data *struct {
		JWTs   []string              `json:"trusted_operators_jwt"`
		Claims []*jwt.OperatorClaims `json:"trusted_operators_claim"`
	} `json:"data"`
}

// ServerOperators asks every server of the session which operator JWT it
// runs and reads each answer against operator, this state's operator key.
// Servers that were discovered but did not answer are listed as silent.
func (s *Session) ServerOperators(ctx context.Context, operator string) ([]ServerOperator, error) {
	var out []ServerOperator
	for _, g := range s.groups {
		answered := map[string]bool{}
		err := s.ask(ctx, g, []request{{subject: varzSubject}}, func(_ int, m *nats.Msg) {
			if noResponders(m) {
				return
			}
			so := readVarz(m.Data, operator)
			answered[so.Server] = true
			out = append(out, so)
		}, nil)
		if err != nil {
			return nil, err
		}
		for _, name := range g.servers {
			if !answered[name] {
				out = append(out, ServerOperator{Server: name, Silent: "did not answer the request for its operator JWT"})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Server < out[j].Server })
	return out, nil
}

// readVarz reads one server's answer. The answer is untrusted, but it can
// only make push refuse: its JWTs must decode, verify and be this
// operator's, or the server is reported, never believed further.
func readVarz(data []byte, operator string) ServerOperator {
	var v varzAnswer
	if err := json.Unmarshal(data, &v); err != nil {
		return ServerOperator{Server: "(unknown)", Problem: fmt.Sprintf("its answer does not decode: %v", err)}
	}
	so := ServerOperator{Server: v.Server.Name}
	if so.Server == "" {
		so.Server = "(unnamed)"
	}
	if v.Data == nil || (len(v.Data.JWTs) == 0 && len(v.Data.Claims) == 0) {
		so.Silent = "did not say which operator JWT it runs (trusted_operators_jwt)"
		return so
	}
	var others []string
	if len(v.Data.JWTs) > 0 {
		for _, token := range v.Data.JWTs {
			oc, err := jwt.DecodeOperatorClaims(token)
			if err != nil {
				others = append(others, fmt.Sprintf("an operator JWT that does not decode (%v)", err))
				continue
			}
			if oc.Subject == operator {
				so.SigningKeys, so.JWT = keySet(oc.SigningKeys), token
				return so
			}
			others = append(others, fmt.Sprintf("operator %q (%s)", oc.Name, oc.Subject))
		}
	} else {
		// Only the claims: older answers or servers configured in code.
		for _, oc := range v.Data.Claims {
			if oc != nil && oc.Subject == operator {
				so.SigningKeys = keySet(oc.SigningKeys)
				return so
			}
			if oc != nil {
				others = append(others, fmt.Sprintf("operator %q (%s)", oc.Name, oc.Subject))
			}
		}
	}
	so.Problem = fmt.Sprintf("it runs %s, not this state's operator %s", joinOr(others), operator)
	return so
}

func keySet(keys jwt.StringList) map[string]bool {
	out := map[string]bool{}
	for _, k := range keys {
		out[k] = true
	}
	return out
}

// joinOr lists what a server runs, or says it runs nothing readable.
func joinOr(parts []string) string {
	if len(parts) == 0 {
		return "no operator JWT natsplan can read"
	}
	s := parts[0]
	for _, p := range parts[1:] {
		s += " and " + p
	}
	return s
}
