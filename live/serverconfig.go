package live

import (
	"fmt"
	"io"
	"strings"

	"github.com/natsplan/natsplan/state"
)

// Resolver kinds for ServerConfig.
const (
	ResolverMemory = "memory"
	ResolverFull   = "full"
)

// ConfigOptions shapes a server configuration.
type ConfigOptions struct {
	Resolver string // ResolverMemory (default) or ResolverFull
	JWTDir   string // directory of the full resolver; default "./jwt"
}

// ServerConfig writes a nats-server configuration in operator mode for the
// applied state. With the memory resolver every account JWT is preloaded;
// with the full resolver only the system account is, and the rest arrive
// by push.
func ServerConfig(w io.Writer, st *state.State, opt ConfigOptions) error {
	op, sys, err := operatorAndSystem(st)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# nats-server configuration written by natsplan for operator %q\n", op.Name)
	fmt.Fprintf(&b, "# state lineage %s, serial %d\n\n", st.Lineage, st.Serial)
	fmt.Fprintf(&b, "operator: %s\n\n", op.JWT)
	fmt.Fprintf(&b, "system_account: %s\n\n", sys.PublicKey)
	switch opt.Resolver {
	case "", ResolverMemory:
		b.WriteString("resolver: MEMORY\n\nresolver_preload: {\n")
		for _, r := range Accounts(st) {
			fmt.Fprintf(&b, "  # %s\n  %s: %s\n", r.Name, r.PublicKey, r.JWT)
		}
		b.WriteString("}\n")
	case ResolverFull:
		dir := opt.JWTDir
		if dir == "" {
			dir = "./jwt"
		}
		// allow_delete lets push remove accounts taken out of the config;
		// the other accounts arrive by push, which needs no restart.
		b.WriteString("# Accounts other than the system account arrive by push:\n#   natsplan push -server=nats://HOST:PORT\n")
		fmt.Fprintf(&b, "resolver: {\n  type: full\n  dir: %q\n  allow_delete: true\n  interval: \"2m\"\n  timeout: \"5s\"\n}\n\n", dir)
		fmt.Fprintf(&b, "resolver_preload: {\n  # %s\n  %s: %s\n}\n", sys.Name, sys.PublicKey, sys.JWT)
	default:
		return fmt.Errorf("unknown resolver %q: use %q or %q", opt.Resolver, ResolverMemory, ResolverFull)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// Accounts returns the account resources of a state, sorted by address.
func Accounts(st *state.State) []*state.Resource {
	var out []*state.Resource
	for _, addr := range st.Addresses() {
		if r := st.Resources[addr]; r.Kind == state.KindAccount {
			out = append(out, r)
		}
	}
	return out
}

// operatorAndSystem finds the operator and the system account in state.
func operatorAndSystem(st *state.State) (op, sys *state.Resource, err error) {
	if op = st.Operator(); op == nil {
		return nil, nil, fmt.Errorf("the state holds no operator yet; run natsplan apply first")
	}
	sysKey, err := SystemAccountKey(op)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range Accounts(st) {
		if r.PublicKey == sysKey {
			sys = r
		}
	}
	if sys == nil {
		return nil, nil, fmt.Errorf("the operator names system account %s, which is not in the state", sysKey)
	}
	return op, sys, nil
}
