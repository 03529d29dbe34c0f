//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: what is written to tty is read
// from pty, as a terminal emulator reads a program's output.
func openPTY(t *testing.T) (pty, tty *os.File) {
	t.Helper()
	pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open /dev/ptmx: %v", err)
	}
	t.Cleanup(func() { pty.Close() })
	fd := int(pty.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pty number: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open tty: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return pty, tty
}

// TestCredsToTerminalWarns: creds writing a seed to a terminal says so on
// stderr, naming the user and -o; the creds still reach the terminal.
// Written to a file that is no terminal (/dev/null is a character device
// too), it says nothing.
func TestCredsToTerminalWarns(t *testing.T) {
	a := applySrc(t, "operator \"O\" {\n  system_account = account.SYS\n}\naccount \"SYS\" {}\naccount \"A\" {\n  user \"u\" {}\n}\n")
	pty, tty := openPTY(t)
	seen := make(chan string)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(pty, 4096))
		seen <- string(b)
	}()
	var errs bytes.Buffer
	if code := run([]string{"-chdir=" + a.dir, "creds", "A", "u"}, strings.NewReader(""), tty, &errs); code != exitOK {
		t.Fatalf("creds: exit %d: %s", code, errs.String())
	}
	want := "Warning: these creds hold the seed of account.A.user.u, a secret: anyone who reads it can connect as that user. " +
		"Use -o FILE to write them to a file at mode 0600 instead.\n"
	if errs.String() != want {
		t.Errorf("stderr = %q, want %q", errs.String(), want)
	}
	tty.Close() // the reader ends once the terminal is closed
	if out := <-seen; !strings.Contains(out, "BEGIN USER NKEY SEED") {
		t.Errorf("the terminal did not get the creds: %q", out)
	}

	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	errs.Reset()
	if code := run([]string{"-chdir=" + a.dir, "creds", "A", "u"}, strings.NewReader(""), null, &errs); code != exitOK || errs.Len() > 0 {
		t.Errorf("creds to %s: exit %d, stderr %q; want 0 and nothing", os.DevNull, code, errs.String())
	}
}
