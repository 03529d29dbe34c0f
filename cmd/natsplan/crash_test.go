package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/natsplan/natsplan/internal/fleet"
	"github.com/natsplan/natsplan/state"
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
func TestCrashRecovery(t *testing.T) {
	runs, base := envInt(t, "CRASH_RUNS", 6), envInt(t, "CRASH_ACCOUNTS", 150)
	seed := uint64(envInt(t, "CRASH_SEED", int(time.Now().UnixNano()%1e9)))
	rng := rand.New(rand.NewPCG(seed, seed))
	t.Logf("CRASH_RUNS=%d CRASH_ACCOUNTS=%d CRASH_SEED=%d", runs, base, seed)

	h := newCrashHarness(t, base)
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

	rounds, interrupted, afterWrite, finished, staleLocks int
}

func (h *crashHarness) kills() int { return h.interrupted + h.finished }

func newCrashHarness(t *testing.T, base int) *crashHarness {
	h := &crashHarness{t: t, bin: buildNatsplan(t), dir: t.TempDir(), base: base}
	h.writeConfig(0)
	start := time.Now()
	h.bin.must(exitOK, h.dir, "apply", "-auto-approve")
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
	cmd := h.bin.command(h.dir, "apply", "-auto-approve")
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
	stale := false
	if fi, err := os.Stat(filepath.Join(h.dir, defaultStatePath+state.LockSuffix)); err == nil && fi.Size() > 0 {
		stale = true
	}
	h.bin.must(exitOK, h.dir, "plan")
	start := time.Now()
	out, errs := h.bin.must(exitOK, h.dir, "apply", "-auto-approve")
	if took := time.Since(start); !contains(out, "No changes.") {
		h.took[round%2] = took
	}
	if stale {
		if !contains(errs, "Warning: a previous run did not release the state lock") {
			h.t.Fatalf("round %d: a lock record was left, but apply did not report it:\n%s", round, errs)
		}
		h.staleLocks++
	}
	if out, _ := h.bin.must(exitOK, h.dir, "plan"); out != "No changes. The configuration matches the state.\n" {
		h.t.Fatalf("round %d: plan after recovery:\n%s", round, tail(out))
	}
}

func (h *crashHarness) readState() *state.State {
	h.t.Helper()
	st, err := state.Read(filepath.Join(h.dir, defaultStatePath))
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
