package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/fleet"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/statekv"
)

// TestCrashRecovery kills apply with SIGKILL at random moments and checks
// what DESIGN invariant 6 promises: after every kill the state reads, every
// public key in it has its seed in the keystore, no entity that existed
// before got a new key, and plan and apply again converge to "No changes".
//
// Each round changes a fleet enough to keep apply busy for a while: it
// adds or removes a block of accounts (keys for 11 entities each), renames
// one user per account (a revocation and a new key) and changes a third of
// the service subjects (their accounts and importers re-signed). The kill
// lands anywhere from process start to a little after the apply's usual
// length, measured on the previous apply of the same kind.
//
// CRASH_RUNS sets the number of kills (default 6; `make crash` runs 60),
// CRASH_ACCOUNTS the fleet's base size, CRASH_SEED the random seed.
func TestCrashRecovery(t *testing.T) { crashRecovery(t, "", 6) }

// TestCrashRecoveryOnNATS is TestCrashRecovery with the state in a
// JetStream bucket: a killed apply's lock expires by itself (-lock-ttl=2s)
// and the recovering apply waits for it.
func TestCrashRecoveryOnNATS(t *testing.T) {
	crashRecovery(t, jetStreamURL(t, "")+"/natsplan", 4)
}

func crashRecovery(t *testing.T, stateURL string, defRuns int) {
	runs, base := envInt(t, "CRASH_RUNS", defRuns), envInt(t, "CRASH_ACCOUNTS", 150)
	seed := uint64(envInt(t, "CRASH_SEED", int(time.Now().UnixNano()%1e9)))
	rng := rand.New(rand.NewPCG(seed, seed))
	t.Logf("CRASH_RUNS=%d CRASH_ACCOUNTS=%d CRASH_SEED=%d", runs, base, seed)

	h := newCrashHarness(t, base, stateURL)
	for round := 1; h.kills() < runs; round++ {
		h.round(round, rng)
	}
	t.Logf("%d kills in %d rounds: %d during apply (%d before the state was written, %d after), %d after apply had finished; %d stale lock records taken over",
		h.kills(), h.rounds, h.interrupted, h.interrupted-h.afterWrite, h.afterWrite, h.finished, h.staleLocks)
}

// crashHarness is one working directory and what the rounds have seen.
type crashHarness struct {
	t    *testing.T
	bin  *binary
	dir  string
	ks   *state.Keystore
	base int
	took [2]time.Duration // last uninterrupted apply, by round parity
	// stateURL names the bucket the state is in; "" for the file.
	stateURL string

	rounds, interrupted, afterWrite, finished, staleLocks int
}

func (h *crashHarness) kills() int { return h.interrupted + h.finished }

func newCrashHarness(t *testing.T, base int, stateURL string) *crashHarness {
	h := &crashHarness{t: t, bin: buildNatsplan(t), dir: t.TempDir(), base: base, stateURL: stateURL}
	h.writeConfig(0)
	start := time.Now()
	h.bin.must(exitOK, h.dir, h.args("apply", "-auto-approve")...)
	h.took = [2]time.Duration{time.Since(start), time.Since(start)}
	ks, err := state.OpenKeystore(filepath.Join(h.dir, defaultKeystore))
	if err != nil {
		t.Fatal(err)
	}
	h.ks = ks
	return h
}

// spec is the fleet of a round: odd rounds carry an extra block of
// accounts, and every round renames one user per account and brings a new
// version of a third of the subjects.
func (h *crashHarness) spec(round int) fleet.Spec {
	s := fleet.Spec{Accounts: h.base, Users: 10, Imports: 5, Version: round, Every: 3, Renamed: round}
	if round%2 == 1 {
		s.Accounts += h.base
	}
	return s
}

func (h *crashHarness) writeConfig(round int) {
	if err := h.spec(round).WriteFile(h.dir); err != nil {
		h.t.Fatal(err)
	}
}

// round changes the config, kills an apply of it (now and then twice, as
// when a retried job is killed again), checks after each kill, recovers.
func (h *crashHarness) round(round int, rng *rand.Rand) {
	h.rounds++
	before := h.readState()
	h.writeConfig(round)
	h.kill(round, rng, before)
	if rng.IntN(3) == 0 {
		h.kill(round, rng, before)
	}
	h.recover(round)
	h.checkKeys(round, "after recovery", before, h.readState())
}

// kill runs apply, kills it at a random moment and checks the state.
func (h *crashHarness) kill(round int, rng *rand.Rand, before *state.State) {
	limit := h.took[round%2] * 13 / 10
	delay := time.Duration(rng.Int64N(int64(limit) + 1))
	serial := h.readState().Serial
	killed, ran, err := h.killApplyAfter(delay)
	if err != nil {
		h.t.Fatalf("round %d: %v", round, err)
	}
	after := h.readState() // fails the test if the state does not read
	h.checkKeys(round, "after the kill", before, after)
	switch {
	case !killed:
		h.took[round%2] = ran // the exact length of this kind of apply
		h.finished++
	case after.Serial != serial:
		h.interrupted++
		h.afterWrite++
	default:
		h.interrupted++
	}
	h.t.Logf("round %d: kill after %v of at most %v: killed %v, state serial %d -> %d",
		round, delay.Round(time.Millisecond), limit.Round(time.Millisecond), killed, serial, after.Serial)
}

// killApplyAfter starts apply and sends SIGKILL after delay, unless it
// finished first; killed says which, ran how long the process lived.
func (h *crashHarness) killApplyAfter(delay time.Duration) (killed bool, ran time.Duration, err error) {
	h.waitLockExpired()
	cmd := h.bin.command(h.dir, h.args("apply", "-auto-approve", "-lock-ttl=2s")...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return false, 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return false, time.Since(start), err
	case <-time.After(delay):
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err = <-done
	if ee, ok := err.(*exec.ExitError); ok && !ee.Exited() {
		return true, time.Since(start), nil // died of the signal
	}
	return false, time.Since(start), err // finished just before the signal
}

// recover runs plan and apply as a person would after a crash, and checks
// that they converge. A lock record left by the killed process must be
// reported and taken over.
func (h *crashHarness) recover(round int) {
	// A lock file the killed process created but had not yet written its
	// record into holds nothing to report; a record, even cut short, does.
	stale := h.lockRecordLeft()
	h.bin.must(exitOK, h.dir, h.args("plan")...)
	start := time.Now()
	out, errs := h.bin.must(exitOK, h.dir, h.args("apply", "-auto-approve", "-lock-timeout=30s")...)
	if took := time.Since(start); !contains(out, "No changes.") {
		h.took[round%2] = took
	}
	if stale {
		if !contains(errs, "Warning: a previous run did not release the state lock") {
			h.t.Fatalf("round %d: a lock record was left, but apply did not report it:\n%s", round, errs)
		}
		h.staleLocks++
	}
	if out, _ := h.bin.must(exitOK, h.dir, h.args("plan")...); out != "No changes. The configuration matches the state.\n" {
		h.t.Fatalf("round %d: plan after recovery:\n%s", round, tail(out))
	}
}

// args are a command's arguments with the harness's -state, if any
// (and -lock-ttl, which only a state in a bucket uses).
func (h *crashHarness) args(args ...string) []string {
	if h.stateURL == "" {
		return args
	}
	return append(args, "-state="+h.stateURL)
}

// lockRecordLeft reports whether the killed process left the record of
// its lock: in the lock file, or (in a bucket) in lock-holder.
func (h *crashHarness) lockRecordLeft() bool {
	if h.stateURL == "" {
		fi, err := os.Stat(filepath.Join(h.dir, defaultStatePath+state.LockSuffix))
		return err == nil && fi.Size() > 0
	}
	kv := kvOf(h.t, strings.TrimSuffix(h.stateURL, "/natsplan"), "natsplan")
	_, err := kv.Get(context.Background(), "lock-holder")
	return err == nil
}

// waitLockExpired waits until the lock of a process killed just before
// has expired, so that the next kill lands in an apply that runs, not
// one that waits. (A lock file is released when its holder dies.)
func (h *crashHarness) waitLockExpired() {
	if h.stateURL == "" {
		return
	}
	kv := kvOf(h.t, strings.TrimSuffix(h.stateURL, "/natsplan"), "natsplan")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := kv.Get(context.Background(), "lock"); err != nil {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("the lock of a killed apply did not expire")
		}
	}
}

func (h *crashHarness) readState() *state.State {
	h.t.Helper()
	var b state.Backend = state.File{Path: filepath.Join(h.dir, defaultStatePath)}
	if h.stateURL != "" {
		kv, err := statekv.Open(h.stateURL, statekv.Options{})
		if err != nil {
			h.t.Fatal(err)
		}
		defer kv.Close()
		b = kv
	}
	st, err := b.Read()
	if err != nil {
		h.t.Fatalf("the state does not read: %v", err)
	}
	return st
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}
