// Command demo runs the request/reply flows of the NATS "Services" page
// against an embedded nats-server loaded with what natsplan applied.
// `make demo` runs it after applying examples/services in a temporary
// directory; it is the same check the end-to-end test makes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/natsplan/natsplan/internal/flows"
	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/state"
)

func main() {
	dir := flag.String("dir", ".", "directory where natsplan applied examples/services")
	flag.Parse()
	if err := demo(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func demo(dir string) error {
	conf, err := os.ReadFile(filepath.Join(dir, "server.conf"))
	if err != nil {
		return err
	}
	srv, err := natstest.StartConfig(string(conf), dir)
	if err != nil {
		return err
	}
	defer srv.Shutdown()
	fmt.Printf("nats-server %s running in operator mode at %s (resolver: MEMORY, accounts preloaded)\n\n", srv.ID()[:8], srv.ClientURL())

	st, err := state.Read(filepath.Join(dir, "natsplan.state.json"))
	if err != nil {
		return err
	}
	accountC := st.Get("account.AccountC").PublicKey
	creds := func(acct, user string) string { return filepath.Join(dir, acct+"."+user+".creds") }
	fmt.Printf("TestUser (TestAccount) replies %q on help and help.>\n\n", flows.Reply)
	results, err := flows.Services(srv.ClientURL(), creds, accountC)
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		mark := "ok  "
		if !r.OK {
			mark, failed = "FAIL", failed+1
		}
		want := "allowed"
		if !r.Allowed {
			want = "must be refused"
		}
		fmt.Printf("%s %s [%s]\n     %s\n", mark, r.Name, want, r.Detail)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d flows did not behave as the Services page says", failed, len(results))
	}
	fmt.Printf("\nAll %d flows behave as the Services page says.\n", len(results))
	return nil
}
