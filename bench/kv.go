package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/internal/fleet"
	"github.com/natsplan/natsplan/internal/natstest"
)

// kvLimit is the smallest fleet measured with its state in a JetStream
// bucket: the goals are set at 1,000 and 10,000 accounts.
const kvLimit = 1000

// kvRow is what the state-on-NATS table shows for one fleet: the same
// cold apply, no-op plan and one-line change as the file's, against one
// embedded JetStream server on 127.0.0.1.
type kvRow struct {
	coldApply, plan, change time.Duration
	changeBytes             int64 // the bucket's stream grew by this much
	stateBytes              int64 // the bucket after the cold apply
}

// measureKV runs the state-on-NATS measurements of a fleet in its own
// directory, so that the file's state and keys stay as they were.
func measureKV(bin, dir string, spec fleet.Spec, runs, repeat int, r *row) error {
	if r.accounts < kvLimit {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "server"), 0o700); err != nil {
		return err
	}
	srv, err := natstest.StartConfig(fmt.Sprintf("jetstream { store_dir: %q }\n", filepath.Join(dir, "server", "js")), filepath.Join(dir, "server"))
	if err != nil {
		return err
	}
	defer srv.Shutdown()
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	if err := spec.WriteFile(dir); err != nil {
		return err
	}
	stateArg := "-state=" + srv.ClientURL() + "/natsplan"
	kv := &kvRow{}
	for i := range runs {
		// From nothing: no bucket, no keys.
		if err := js.DeleteKeyValue(context.Background(), "natsplan"); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
			return err
		}
		if err := os.RemoveAll(filepath.Join(dir, ".natsplan")); err != nil {
			return err
		}
		apply, err := natsplan(bin, dir, "apply", "-auto-approve", stateArg)
		if err != nil {
			return err
		}
		if i == 0 || apply.elapsed < kv.coldApply {
			kv.coldApply = apply.elapsed
		}
	}
	if kv.stateBytes, err = bucketBytes(js); err != nil {
		return err
	}
	plan, err := best(repeat, bin, dir, "plan", stateArg)
	if err != nil {
		return err
	}
	if plan.stdout != "No changes. The configuration matches the state.\n" {
		return fmt.Errorf("plan after apply on NATS is not empty:\n%.2000s", plan.stdout)
	}
	kv.plan = plan.elapsed
	spec.Version = 1 // the file's one-line change
	if err := spec.WriteFile(dir); err != nil {
		return err
	}
	change, err := natsplan(bin, dir, "apply", "-auto-approve", stateArg)
	if err != nil {
		return err
	}
	after, err := bucketBytes(js)
	if err != nil {
		return err
	}
	kv.change, kv.changeBytes = change.elapsed, after-kv.stateBytes
	r.kv = kv
	return nil
}

// bucketBytes is how many bytes the state bucket's stream holds.
func bucketBytes(js jetstream.JetStream) (int64, error) {
	b, err := js.KeyValue(context.Background(), "natsplan")
	if err != nil {
		return 0, err
	}
	st, err := b.Status(context.Background())
	if err != nil {
		return 0, err
	}
	return int64(st.Bytes()), nil
}
