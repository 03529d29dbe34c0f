package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/natsplan/natsplan/internal/flows"
	"github.com/natsplan/natsplan/internal/natstest"
)

// cluster is examples/services applied, and three servers with full
// resolvers joined in a cluster, each with its own JWT directory.
type cluster struct {
	dir     string
	servers []*server.Server
	jwtDirs []string
	flags   []string // -server=URL for each server
}

// newCluster applies examples/services and starts the cluster. confs, when
// set, chooses server i's configuration given the full-resolver one natsplan
// wrote for it and the memory-resolver one.
func newCluster(t *testing.T, confs func(i int, full, memory string) string) *cluster {
	t.Helper()
	c := &cluster{dir: workdir(t, "services")}
	mustRun(t, exitOK, c.dir, "apply", "-auto-approve")
	memory := mustRun(t, exitOK, c.dir, "server-config", "-resolver=memory")
	var texts []string
	for i := range 3 {
		jwtDir := t.TempDir()
		conf := mustRun(t, exitOK, c.dir, "server-config", "-resolver=full", "-jwt-dir="+jwtDir)
		if confs != nil {
			conf = confs(i, conf, memory)
		}
		c.jwtDirs, texts = append(c.jwtDirs, jwtDir), append(texts, conf)
	}
	c.servers = natstest.StartCluster(t, texts...)
	for _, s := range c.servers {
		c.flags = append(c.flags, "-server="+s.ClientURL())
	}
	return c
}

// run runs natsplan with the cluster's -server flags after args, checks
// its exit code and that no seed is in its output, and returns stdout.
func (c *cluster) run(t *testing.T, want int, args ...string) string {
	t.Helper()
	code, out, errs := natsplan(t, c.dir, append(args, c.flags...)...)
	if code != want {
		t.Fatalf("natsplan %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out, errs)
	}
	if seedPattern.MatchString(out + errs) {
		t.Fatalf("natsplan %s printed a seed", strings.Join(args, " "))
	}
	return out
}

// clean checks the invariant after every step: planning again finds no
// changes, and the servers hold exactly the state.
func (c *cluster) clean(t *testing.T) {
	t.Helper()
	out := c.run(t, exitOK, "plan", "-detailed-exitcode")
	for _, want := range []string{"No drift. The resolvers of 3 servers (n1, n2, n3)", "No changes."} {
		if !strings.Contains(out, want) {
			t.Fatalf("plan -server does not say %q:\n%s", want, out)
		}
	}
}

// TestClusterPushDriftDeletions drives a three-server cluster through the
// life of a config: drift before the first push, three acknowledgements
// per account, no drift after; then a removed user, a removed grant and a
// removed account, each of which must take effect on every server.
func TestClusterPushDriftDeletions(t *testing.T) {
	c := newCluster(t, nil)
	st := readState(t, c.dir)

	out := c.run(t, exitChanges, "plan", "-refresh-only", "-detailed-exitcode")
	for _, acct := range []string{"AccountB", "AccountC", "TestAccount"} {
		if want := "# account." + acct + " is missing on n1, n2, n3"; !strings.Contains(out, want) {
			t.Errorf("drift before the push does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "account.SYS") {
		t.Errorf("the preloaded system account shows as drift:\n%s", out)
	}

	out = c.run(t, exitOK, "push")
	for _, acct := range []string{"AccountB", "AccountC", "SYS", "TestAccount"} {
		if want := "✓ account." + acct + ": n1, n2, n3: jwt updated\n"; !strings.Contains(out, want) {
			t.Errorf("push output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "Push complete: 4 accounts, each accepted and held by 3 of 3 servers") {
		t.Errorf("push does not report three acknowledgements per account:\n%s", out)
	}
	c.clean(t)
	creds := writeCreds(t, c.dir, "TestAccount/TestUser", "AccountB/userb", "AccountC/userc")
	for _, s := range c.servers {
		results, err := flows.Services(s.ClientURL(), creds, st.Get("account.AccountC").PublicKey)
		if err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		for _, r := range results {
			if !r.OK {
				t.Errorf("%s: %s: %s", s.Name(), r.Name, r.Detail)
			}
		}
	}

	t.Run("removed user", func(t *testing.T) { removeUser(t, c, creds) })
	t.Run("removed grant", func(t *testing.T) { removeGrant(t, c, creds) })
	t.Run("removed account", func(t *testing.T) { removeAccount(t, c) })
}

// removeUser removes userb while it is connected to n3: after apply -push
// the connection is closed and every server refuses its creds.
func removeUser(t *testing.T, c *cluster, creds flows.Creds) {
	revoked, closed := make(chan error, 1), make(chan struct{})
	nc, err := nats.Connect(c.servers[2].ClientURL(), nats.UserCredentials(creds("AccountB", "userb")),
		nats.NoReconnect(), nats.ClosedHandler(func(*nats.Conn) { close(closed) }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			select {
			case revoked <- err:
			default:
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()

	editConfig(t, c.dir, `user "userb" {}`, "")
	out := c.run(t, exitOK, "apply", "-auto-approve", "-push")
	if !strings.Contains(out, "+ revoke user AccountB.user.userb") || !strings.Contains(out, "Push complete") {
		t.Fatalf("apply -push output:\n%s", out)
	}
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("userb's open connection was not closed")
	}
	select {
	case err := <-revoked:
		if !errors.Is(err, nats.ErrAuthRevoked) {
			t.Errorf("userb's connection was closed with %v, want %v", err, nats.ErrAuthRevoked)
		}
	default: // the error callback runs before the closed one
		t.Error("userb's connection was closed without the server saying why")
	}
	for _, s := range c.servers {
		err := flows.Connect(s.ClientURL(), creds("AccountB", "userb"))
		if err == nil || !strings.Contains(err.Error(), "Authorization Violation") {
			t.Errorf("%s: userb after removal: got %v, want an authorization violation", s.Name(), err)
		}
	}
	c.clean(t)
}

// removeGrant removes the grant of the private service to AccountC (and
// the import that needs it): userc's requests are refused everywhere,
// even on a server that still held AccountC's old JWT with the activation,
// because the exporter now revokes it.
func removeGrant(t *testing.T, c *cluster, creds flows.Creds) {
	oldC := readState(t, c.dir).Get("account.AccountC").JWT
	cfg := readConfig(t, c.dir)
	grant := cfg[strings.Index(cfg, "# nsc generate activation"):]
	editConfig(t, c.dir, grant, "")
	imp := cfg[strings.Index(cfg, "  # nsc add import --account AccountC --token act.jwt"):]
	imp = imp[:strings.Index(imp, "  }\n")+4]
	editConfig(t, c.dir, imp, "")
	out := c.run(t, exitOK, "apply", "-auto-approve", "-push")
	if !strings.Contains(out, "grant.phelp_to_c will be revoked") || !strings.Contains(out, "Push complete") {
		t.Fatalf("apply -push output:\n%s", out)
	}
	replier := serveHelp(t, c.servers[0].ClientURL(), creds("TestAccount", "TestUser"))
	defer replier.Close()
	for _, s := range c.servers {
		if err := requestHelp(s.ClientURL(), creds("AccountC", "userc")); err == nil {
			t.Errorf("%s: userc still gets help after the grant was removed", s.Name())
		}
	}
	c.clean(t)

	// A server that missed AccountC's update still refuses: push the old
	// JWT, which carries the activation, behind natsplan's back.
	pushRaw(t, c, oldC)
	for _, s := range c.servers {
		if err := requestHelp(s.ClientURL(), creds("AccountC", "userc")); err == nil {
			t.Errorf("%s: userc gets help with the revoked activation", s.Name())
		}
	}
	out = c.run(t, exitChanges, "plan", "-refresh-only", "-detailed-exitcode")
	if !strings.Contains(out, "# account.AccountC has other claims on 3 of 3 servers") {
		t.Fatalf("drift does not show AccountC's old JWT:\n%s", out)
	}
	c.run(t, exitOK, "push")
	c.clean(t)
}

// removeAccount removes AccountB: push deletes it from every resolver,
// on disk too.
func removeAccount(t *testing.T, c *cluster) {
	st := readState(t, c.dir)
	b, test := st.Get("account.AccountB").PublicKey, st.Get("account.TestAccount").PublicKey
	cfg := readConfig(t, c.dir)
	block := cfg[strings.Index(cfg, "# nsc add account --name AccountB"):strings.Index(cfg, "# nsc add account --name AccountC")]
	editConfig(t, c.dir, block, "")
	out := c.run(t, exitOK, "apply", "-auto-approve", "-push")
	if !strings.Contains(out, `- account `+b+` ("AccountB", not in the state, signed by this operator): deleted`) {
		t.Fatalf("apply -push does not report the deletion:\n%s", out)
	}
	for i, dir := range c.jwtDirs {
		if _, err := os.Stat(filepath.Join(dir, test+".jwt")); err != nil {
			t.Fatalf("n%d: TestAccount's JWT is not where the test looks: %v", i+1, err)
		}
		if _, err := os.Stat(filepath.Join(dir, b+".jwt")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("n%d: AccountB's JWT is still in the resolver directory (%v)", i+1, err)
		}
	}
	c.clean(t)
}

func readConfig(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "main.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
