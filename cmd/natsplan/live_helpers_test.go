package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/live"
	"github.com/natsplan/natsplan/state"
)

// serveHelp connects TestUser and answers requests on help and help.>.
func serveHelp(t *testing.T, url, creds string) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(url, nats.UserCredentials(creds))
	if err != nil {
		t.Fatal(err)
	}
	for _, subj := range []string{"help", "help.>"} {
		if _, err := nc.Subscribe(subj, func(m *nats.Msg) { _ = m.Respond([]byte("I will help")) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return nc
}

// requestHelp sends one request on help with creds; nil means it was
// answered.
func requestHelp(url, creds string) error {
	nc, err := nats.Connect(url, nats.UserCredentials(creds), nats.MaxReconnects(0))
	if err != nil {
		return err
	}
	defer nc.Close()
	_, err = nc.Request("help", []byte("me"), 2*time.Second)
	return err
}

// sysConn connects to url as a short-lived user of the system account,
// signed with its key from the workspace's keystore, as natsplan does.
func sysConn(t *testing.T, dir, url string) *nats.Conn {
	t.Helper()
	st := readState(t, dir)
	sysKey, err := live.SystemAccountKey(st.Get("operator.Test"))
	if err != nil {
		t.Fatal(err)
	}
	ks, err := state.OpenKeystore(filepath.Join(dir, defaultKeystore))
	if err != nil {
		t.Fatal(err)
	}
	sys, err := ks.Get(sysKey)
	if err != nil {
		t.Fatal(err)
	}
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	token, err := live.SystemUser(sys, user, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(url, nats.UserJWT(func() (string, error) { return token, nil }, user.Sign))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// pushRaw sends one account JWT to every server of the cluster behind
// natsplan's back and waits for the three answers.
func pushRaw(t *testing.T, c *cluster, token string) {
	t.Helper()
	nc := sysConn(t, c.dir, c.servers[0].ClientURL())
	inbox := nats.NewInbox()
	sub, err := nc.SubscribeSync(inbox)
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.PublishRequest("$SYS.REQ.CLAIMS.UPDATE", inbox, []byte(token)); err != nil {
		t.Fatal(err)
	}
	for range c.servers {
		if _, err := sub.NextMsg(5 * time.Second); err != nil {
			t.Fatalf("raw push: %v", err)
		}
	}
}
