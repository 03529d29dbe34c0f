package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsplan/natsplan/internal/buildinfo"
)

// The state records the natsplan that wrote it, and a re-signing whose
// claims read the same as the state's blames another natsplan version
// only when the state records one (or none, as states written before the
// field existed, which still read): with this version's own digest, the
// state was edited.
func TestUnexplainedDigestBlamesTheVersionOnlyWhenItDiffers(t *testing.T) {
	src, err := os.ReadFile("../../examples/services/main.hcl")
	if err != nil {
		t.Fatal(err)
	}
	a := applySrc(t, string(src))
	if got := a.st.NatsplanVersion; got != buildinfo.Version() {
		t.Fatalf("state records natsplan %q, want %q", got, buildinfo.Version())
	}
	path := filepath.Join(a.dir, defaultStatePath)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	digest := a.st.Get("account.AccountB").Digest
	version := `"natsplan_version": "` + buildinfo.Version() + `",`
	if !strings.Contains(string(orig), version) {
		t.Fatalf("state file lacks %s:\n%s", version, orig)
	}
	cases := []struct {
		writer       string // "-": no field at all
		want, reject string
	}{
		{`"natsplan_version": "v0.0.1-old",`, "written by natsplan v0.0.1-old (this is " + buildinfo.Version() + ")", "was the state edited"},
		{"", "a natsplan that did not record its version", "was the state edited"},
		{version, "does not match them (was the state edited?)", "written by"},
	}
	for _, c := range cases {
		edited := strings.Replace(string(orig), version, c.writer, 1)
		edited = strings.Replace(edited, digest, strings.Repeat("0", len(digest)), 1)
		writeFile(t, path, edited)
		out := mustRun(t, exitOK, a.dir, "plan")
		want := "  # account.AccountB will be updated in-place\n  #   (re-signed: the claims are unchanged, but "
		if !strings.Contains(out, want) || !strings.Contains(out, c.want) || strings.Contains(out, c.reject) ||
			strings.Contains(out, "another version?") || !strings.Contains(out, "Plan: 0 to add, 1 to change, 0 to destroy.") {
			t.Fatalf("state with %q: plan should re-sign AccountB saying %q, not %q:\n%s", c.writer, c.want, c.reject, out)
		}
	}
	// This version's own digest, not its JWT's: apply refuses the state.
	edited := strings.Replace(string(orig), digest, strings.Repeat("0", len(digest)), 1)
	writeFile(t, path, edited)
	if code, _, errs := natsplan(t, a.dir, "apply", "-auto-approve"); code != exitError || !strings.Contains(errs, "is not the digest of the JWT's claims") {
		t.Fatalf("apply on a state whose digest was edited should refuse it: exit %d\n%s", code, errs)
	}
	if got, _ := os.ReadFile(path); string(got) != edited {
		t.Fatal("a refused apply changed the state")
	}
	// Another version's digest: re-signed, and the next plan is empty.
	writeFile(t, path, strings.Replace(edited, version, `"natsplan_version": "v0.0.1-old",`, 1))
	mustRun(t, exitOK, a.dir, "apply", "-auto-approve")
	if out := mustRun(t, exitOK, a.dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
}
