package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsplan/natsplan/internal/fleet"
	"github.com/natsplan/natsplan/internal/natstest"
)

// kvLimit is the smallest fleet measured with its state in a JetStream
// bucket: the goals are set at 1,000 and 10,000 accounts.
const kvLimit = 1000

// kvSetup is a JetStream deployment the state is measured on.
type kvSetup struct {
	name     string
	replicas int // of the bucket, one per server
}

// kvSetups are the issue's: one embedded server, and an embedded cluster
// of three with a bucket of three replicas, all on 127.0.0.1.
var kvSetups = []kvSetup{{"1 server", 1}, {"R3 cluster", 3}}

// kvRow is what the state-on-NATS table shows for one fleet on one
// setup: the same cold apply, no-op plan and one-line change as the
// file's.
type kvRow struct {
	setup                   kvSetup
	coldApply, plan, change time.Duration
	changeBytes             int64 // the bucket's stream grew by this much
	stateBytes              int64 // the bucket after the cold apply
}

// measureKV runs the state-on-NATS measurements of a fleet on each
// setup, in a directory of its own, so that the file's state and keys
// stay as they were.
func measureKV(bin, dir string, spec fleet.Spec, runs, repeat int, r *row) error {
	if r.accounts < kvLimit {
		return nil
	}
	for _, setup := range kvSetups {
		kv, err := measureSetup(bin, filepath.Join(dir, strings.ReplaceAll(setup.name, " ", "-")), spec, runs, repeat, setup)
		if err != nil {
			return fmt.Errorf("%s: %w", setup.name, err)
		}
		r.kv = append(r.kv, kv)
	}
	return nil
}

// startSetup starts the servers of a setup with their stores under dir.
func startSetup(dir string, setup kvSetup) ([]*server.Server, error) {
	if setup.replicas > 1 {
		return natstest.JetStreamCluster(filepath.Join(dir, "servers"), setup.replicas)
	}
	sdir := filepath.Join(dir, "server")
	if err := os.MkdirAll(sdir, 0o700); err != nil {
		return nil, err
	}
	srv, err := natstest.StartConfig(fmt.Sprintf("jetstream { store_dir: %q }\n", filepath.Join(sdir, "js")), sdir)
	if err != nil {
		return nil, err
	}
	return []*server.Server{srv}, nil
}

func measureSetup(bin, dir string, spec fleet.Spec, runs, repeat int, setup kvSetup) (*kvRow, error) {
	servers, err := startSetup(dir, setup)
	defer func() {
		for _, s := range servers {
			s.Shutdown()
		}
	}()
	if err != nil {
		return nil, err
	}
	nc, err := nats.Connect(servers[0].ClientURL())
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	if err := spec.WriteFile(dir); err != nil {
		return nil, err
	}
	stateArg := "-state=" + natstest.ClusterURL(servers) + "/natsplan"
	kv := &kvRow{setup: setup}
	for i := range runs {
		// From nothing: no bucket, no keys.
		if err := js.DeleteKeyValue(context.Background(), "natsplan"); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
			return nil, err
		}
		if err := os.RemoveAll(filepath.Join(dir, ".natsplan")); err != nil {
			return nil, err
		}
		apply, err := natsplan(bin, dir, "apply", "-auto-approve", stateArg, fmt.Sprintf("-state-replicas=%d", setup.replicas))
		if err != nil {
			return nil, err
		}
		if i == 0 || apply.elapsed < kv.coldApply {
			kv.coldApply = apply.elapsed
		}
	}
	if kv.stateBytes, err = bucketBytes(js); err != nil {
		return nil, err
	}
	plan, err := best(repeat, bin, dir, "plan", stateArg)
	if err != nil {
		return nil, err
	}
	if plan.stdout != "No changes. The configuration matches the state.\n" {
		return nil, fmt.Errorf("plan after apply on NATS is not empty:\n%.2000s", plan.stdout)
	}
	kv.plan = plan.elapsed
	spec.Version = 1 // the file's one-line change
	if err := spec.WriteFile(dir); err != nil {
		return nil, err
	}
	change, err := natsplan(bin, dir, "apply", "-auto-approve", stateArg)
	if err != nil {
		return nil, err
	}
	after, err := bucketBytes(js)
	if err != nil {
		return nil, err
	}
	kv.change, kv.changeBytes = change.elapsed, after-kv.stateBytes
	return kv, nil
}

// bucketBytes is how many bytes the state bucket's stream holds (on each
// of its replicas).
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
