package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/fleet"
	"github.com/natsplan/natsplan/internal/natstest"
	"github.com/natsplan/natsplan/state"
)

// bucketAt starts a JetStream server with extra configuration and
// returns its client URL.
func jetStreamURL(t *testing.T, extra string) string {
	t.Helper()
	return natstest.StartJetStream(t, extra).ClientURL()
}

// kvOf connects to the bucket as a test's own client, to look at (or
// tamper with) what natsplan stored.
func kvOf(t *testing.T, url, bucket string, opts ...nats.Option) jetstream.KeyValue {
	t.Helper()
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	kv, err := js.KeyValue(context.Background(), bucket)
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

func headRev(t *testing.T, kv jetstream.KeyValue) (uint64, []byte) {
	t.Helper()
	e, err := kv.Get(context.Background(), "head")
	if err != nil {
		t.Fatal(err)
	}
	return e.Revision(), e.Value()
}

// A tampered record in the bucket is refused twice over: a record whose
// content is not its name, when read; and a consistent rewrite of the
// state (what anyone who may write the bucket can commit) by the same
// verification a state file gets, before anything is signed.
func TestNATSStateTamperedRecordIsNotSigned(t *testing.T) {
	url := jetStreamURL(t, "")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), paymentsConfig)
	stateURL := "-state=" + url + "/natsplan"
	mustRun(t, exitOK, dir, "apply", "-auto-approve", stateURL)
	kv := kvOf(t, url, "natsplan")
	good := mustRun(t, exitOK, dir, "state", "pull", stateURL)

	// Rewrite one shard in place under its own name. (A state this small
	// has a head that lists its shards, some of them empty.)
	_, headData := headRev(t, kv)
	var h struct{ Root []string }
	json.Unmarshal(headData, &h)
	var shardKey string
	var e jetstream.KeyValueEntry
	for _, k := range h.Root {
		if e, _ = kv.Get(context.Background(), k); e != nil && strings.Contains(string(e.Value()), `"iat":`) {
			shardKey = k
			break
		}
	}
	if shardKey == "" {
		t.Fatalf("no shard with a resource in head %s", headData)
	}
	forged := strings.Replace(string(e.Value()), `"iat":`, `"iat":1`, 1)
	if _, err := kv.Put(context.Background(), shardKey, []byte(forged)); err != nil {
		t.Fatal(err)
	}
	editConfig(t, dir, `subject = "pay"`, `subject = "pay"
    description = "payments"`)
	rev, _ := headRev(t, kv)
	code, out, errs := natsplan(t, dir, "apply", "-auto-approve", stateURL)
	if code != exitError || strings.Contains(out, "Apply complete") || !strings.Contains(errs, "does not hold what its name says") {
		t.Fatalf("forged shard: apply exited %d\n%s%s", code, out, errs)
	}
	if now, _ := headRev(t, kv); now != rev {
		t.Fatalf("the refused apply committed a head")
	}
	kv.Put(context.Background(), shardKey, e.Value())

	// Commit a state whose Payments key is the attacker's.
	evil, _ := nkeys.CreateAccount()
	var st state.State
	if err := json.Unmarshal([]byte(good), &st); err != nil {
		t.Fatal(err)
	}
	st.Get("account.Payments").PublicKey = pub(t, evil)
	bad, _ := json.Marshal(&st)
	writeFile(t, filepath.Join(dir, "bad.json"), string(bad))
	mustRun(t, exitOK, dir, "state", "push", "-force", "bad.json", stateURL)
	rev, _ = headRev(t, kv)
	code, out, errs = natsplan(t, dir, "apply", "-auto-approve", stateURL)
	if code != exitError || strings.Contains(out, "Apply complete") || !strings.Contains(errs, "account.Payments") {
		t.Fatalf("swapped key: apply exited %d\n%s%s", code, out, errs)
	}
	if now, _ := headRev(t, kv); now != rev {
		t.Fatalf("the refused apply committed a head")
	}

	// Put back, converge.
	writeFile(t, filepath.Join(dir, "good.json"), good)
	mustRun(t, exitOK, dir, "state", "push", "-force", "good.json", stateURL)
	mustRun(t, exitOK, dir, "apply", "-auto-approve", stateURL)
	if out := mustRun(t, exitOK, dir, "plan", stateURL); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after converging:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, defaultStatePath)); err == nil {
		t.Fatalf("a state file was written beside the bucket")
	}
}

// A bucket user who may read but not write: plan works, apply fails
// before it signs anything, saying why, and the bucket is unchanged.
func TestNATSStateReadOnlyUser(t *testing.T) {
	url := jetStreamURL(t, `
accounts {
  A {
    jetstream: enabled
    users: [
      {user: writer, password: wpass}
      {user: reader, password: rpass, permissions: {publish: {deny: ["$KV.>", "$JS.API.STREAM.CREATE.>", "$JS.API.STREAM.UPDATE.>"]}}}
    ]
  }
}`)
	host := strings.TrimPrefix(url, "nats://")
	writer := "-state=nats://writer:wpass@" + host + "/natsplan"
	reader := "-state=nats://reader:rpass@" + host + "/natsplan"
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), paymentsConfig)
	mustRun(t, exitOK, dir, "apply", "-auto-approve", writer)
	if out := mustRun(t, exitOK, dir, "plan", reader); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan as the reader:\n%s", out)
	}
	kv := kvOf(t, url, "natsplan", nats.UserInfo("writer", "wpass"))
	rev, _ := headRev(t, kv)
	editConfig(t, dir, `subject = "pay"`, `subject = "pay"
    description = "payments"`)
	start := time.Now()
	code, out, errs := natsplan(t, dir, "apply", "-auto-approve", reader)
	if code != exitError || strings.Contains(out, "Apply complete") || !strings.Contains(errs, "taking the state lock") || !strings.Contains(errs, "nothing was written") {
		t.Fatalf("apply as the reader exited %d\n%s%s", code, out, errs)
	}
	if strings.Contains(errs, "rpass") || strings.Contains(out, "rpass") {
		t.Fatalf("the password was printed:\n%s", errs)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the refusal took %s; the permissions violation should end it at once", took)
	}
	if now, _ := headRev(t, kv); now != rev {
		t.Fatalf("the refused apply committed a head")
	}
	if out := mustRun(t, exitOK, dir, "apply", "-auto-approve", writer); !strings.Contains(out, "Apply complete") {
		t.Fatalf("apply as the writer:\n%s", out)
	}
	if out := mustRun(t, exitOK, dir, "plan", reader); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan as the reader:\n%s", out)
	}
}

// Credentials in a state URL never appear in help, errors or output.
func TestNATSStateURLCredentialsAreNeverPrinted(t *testing.T) {
	url := jetStreamURL(t, `authorization { users: [{user: u, password: rightpw}] }`)
	host := strings.TrimPrefix(url, "nats://")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), paymentsConfig)
	t.Setenv("NATSPLAN_STATE", "nats://u:envsecretpw@"+host+"/natsplan")
	_, out, errs := natsplan(t, dir, "plan", "-h")
	if strings.Contains(out+errs, "envsecretpw") || !strings.Contains(out+errs, "nats://REDACTED@"+host+"/natsplan") {
		t.Fatalf("plan -h:\n%s%s", out, errs)
	}
	for _, bad := range []string{
		"nats://u:wrongsecretpw@" + host + "/natsplan",
		"nats://tokensecret@" + host + "/natsplan",
		"nats://u:closedsecretpw@127.0.0.1:1/natsplan",
		"nats://u:badsecretpw@" + host + "/bad.bucket",
	} {
		for _, cmd := range [][]string{{"plan"}, {"apply", "-auto-approve"}, {"state", "pull"}, {"force-unlock", "x"}} {
			code, out, errs := natsplan(t, dir, append(cmd, "-state="+bad)...)
			if code != exitError || strings.Contains(out+errs, "secret") || !strings.Contains(errs, "Error: ") {
				t.Fatalf("%s -state=%s: exit %d\n%s%s", cmd[0], bad, code, out, errs)
			}
		}
	}
	right := "-state=nats://u:rightpw@" + host + "/natsplan"
	mustRun(t, exitOK, dir, "apply", "-auto-approve", right)
	if out := mustRun(t, exitOK, dir, "plan", right); !strings.Contains(out, "No changes.") || strings.Contains(out, "rightpw") {
		t.Fatalf("plan:\n%s", out)
	}
	if out := mustRun(t, exitOK, dir, "state", "history", right); strings.Contains(out, "rightpw") {
		t.Fatalf("history:\n%s", out)
	}
}

// A user who may not create streams is told that the bucket must exist,
// before anything is written.
func TestNATSStateBucketMustExist(t *testing.T) {
	url := jetStreamURL(t, `
accounts {
  A {
    jetstream: enabled
    users: [{user: u, password: p, permissions: {publish: {deny: ["$JS.API.STREAM.CREATE.>"]}}}]
  }
}`)
	host := strings.TrimPrefix(url, "nats://")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), paymentsConfig)
	stateURL := "-state=nats://u:p@" + host + "/natsplan"
	if out := mustRun(t, exitOK, dir, "plan", stateURL); !strings.Contains(out, "Plan: 6 to add") {
		t.Fatalf("plan on a bucket that does not exist yet:\n%s", out)
	}
	code, out, errs := natsplan(t, dir, "apply", "-auto-approve", stateURL)
	if code != exitError || strings.Contains(out, "Apply complete") || !strings.Contains(errs, `the state bucket "natsplan" does not exist`) || !strings.Contains(errs, "nothing was written") {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, defaultKeystore)); err == nil {
		t.Fatalf("the refused apply made keys")
	}
}

// A state of more than a few hundred JWTs is read with one watch; a user
// who may not create the consumer a watch needs reads it record by
// record, and gets the same state.
func TestNATSStateReadWithoutWatch(t *testing.T) {
	url := jetStreamURL(t, `
accounts {
  A {
    jetstream: enabled
    users: [
      {user: writer, password: wpass}
      {user: getter, password: gpass, permissions: {publish: {deny: ["$KV.>", "$JS.API.CONSUMER.>"]}}}
    ]
  }
}`)
	host := strings.TrimPrefix(url, "nats://")
	dir := t.TempDir()
	if err := fleet.Standard(30).WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	writer := "-state=nats://writer:wpass@" + host + "/natsplan"
	mustRun(t, exitOK, dir, "apply", "-auto-approve", writer)
	want := mustRun(t, exitOK, dir, "state", "pull", writer)
	if got := mustRun(t, exitOK, dir, "state", "pull", "-state=nats://getter:gpass@"+host+"/natsplan"); got != want {
		t.Fatalf("the state read record by record differs from the one read with a watch")
	}
	if !strings.Contains(want, `"account.A000029.user.u09"`) {
		t.Fatalf("pulled state:\n%.500s", want)
	}
}
