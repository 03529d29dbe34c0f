package main

import (
	"bytes"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Two working directories share one bucket, each apply in a process of
// its own. While one holds the lock (waiting at its prompt), the other
// fails at once naming it; SIGKILL the holder and its lock expires by
// itself (-lock-ttl=2s), and the waiting apply goes on with a warning
// naming the dead holder. force-unlock ID frees a lock whose holder
// still runs, and that holder then refuses to write.
func TestNATSStateLockAcrossWorkingDirs(t *testing.T) {
	bin := buildNatsplan(t)
	url := jetStreamURL(t, "")
	stateURL := "-state=" + url + "/natsplan"
	one, two := t.TempDir(), t.TempDir()
	for _, d := range []string{one, two} {
		writeFile(t, filepath.Join(d, "main.hcl"), paymentsConfig)
	}
	// Both directories sign with one keystore, as runners of one team
	// share the key custody.
	keys := "-keystore=" + filepath.Join(t.TempDir(), "keys")

	holder, stdin, pid, _ := startHolder(t, bin, one, stateURL, keys, "-lock-ttl=2s")
	start := time.Now()
	code, _, errs := bin.run(two, "apply", "-auto-approve", stateURL, keys)
	if code != exitError || !strings.Contains(errs, `state is locked by "apply" (pid `+pid) {
		t.Fatalf("second apply: exit %d\n%s", code, errs)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("the second apply took %s to fail", took)
	}
	if out, _ := bin.must(exitOK, two, "plan", stateURL); !strings.Contains(out, "Plan: 6 to add") {
		t.Fatalf("plan while the lock is held:\n%s", out)
	}

	holder.Process.Signal(syscall.SIGKILL)
	holder.Wait()
	stdin.Close()
	out, errs := bin.must(exitOK, two, "apply", "-auto-approve", "-lock-timeout=30s", stateURL, keys)
	if !strings.Contains(errs, "a previous run did not release the state lock") || !strings.Contains(errs, "pid "+pid) || !strings.Contains(out, "Apply complete") {
		t.Fatalf("apply after the holder was killed:\nstdout: %s\nstderr: %s", out, errs)
	}
	if out, _ := bin.must(exitOK, one, "plan", stateURL); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan from the other directory:\n%s", out)
	}

	// force-unlock: the holder runs on, but has lost the lock.
	editConfig(t, one, `subject = "pay"`, `subject = "pay"
    description = "payments"`)
	holder, stdin, _, holderErr := startHolder(t, bin, one, stateURL, keys)
	_, _, errs = bin.run(two, "apply", "-auto-approve", stateURL, keys)
	id := regexp.MustCompile(`force-unlock ([0-9a-f-]{36})`).FindStringSubmatch(errs)
	if id == nil {
		t.Fatalf("no lock id in:\n%s", errs)
	}
	bin.must(exitOK, two, "force-unlock", id[1], stateURL)
	io.WriteString(stdin, "yes\n")
	stdin.Close()
	if err := holder.Wait(); err == nil || !strings.Contains(holderErr.String(), "state lock") || !strings.Contains(holderErr.String(), "was lost") {
		t.Fatalf("the holder whose lock was removed: %v\n%s", err, holderErr.String())
	}
	editConfig(t, one, `
    description = "payments"`, "")
	if out, _ := bin.must(exitOK, two, "plan", stateURL); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the refused write:\n%s", out)
	}
}

// startHolder starts an apply in dir that takes the lock and waits at its
// prompt; it returns once the lock is held, with the process's stdin,
// pid and stderr (to read once it ended).
func startHolder(t *testing.T, bin *binary, dir string, args ...string) (*exec.Cmd, io.WriteCloser, string, *bytes.Buffer) {
	t.Helper()
	c := bin.command(dir, append([]string{"apply"}, args...)...)
	var errb bytes.Buffer
	c.Stderr = &errb
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Kill() })
	prompt := make(chan bool, 1)
	go func() {
		var seen bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := stdout.Read(buf)
			seen.Write(buf[:n])
			if bytes.Contains(seen.Bytes(), []byte("Enter a value")) {
				prompt <- true
				io.Copy(io.Discard, stdout)
				return
			}
			if err != nil {
				prompt <- false
				return
			}
		}
	}()
	select {
	case ok := <-prompt:
		if !ok {
			t.Fatalf("the holder ended before its prompt: %s", errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the holder did not reach its prompt")
	}
	return c, stdin, strconv.Itoa(c.Process.Pid), &errb
}
