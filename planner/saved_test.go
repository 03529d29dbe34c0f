package planner

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// realKeys is lang.LoadOptions.NewKeys as apply's KeyMaker is: a new key
// of the right kind per address. It records what it made.
func realKeys(t *testing.T, made map[string]string) func([]string) []string {
	return func(addrs []string) []string {
		out := make([]string, len(addrs))
		for i, a := range addrs {
			kp, err := nkeys.CreatePair(lang.KeyPrefix(a))
			if err != nil {
				t.Fatal(err)
			}
			out[i], _ = kp.PublicKey()
			made[a] = out[i]
		}
		return out
	}
}

// planWith loads src (and dir's files, for file()) with opts and plans
// against st as of now.
func planWith(t *testing.T, src string, st *state.State, now time.Time, opts lang.LoadOptions) *Plan {
	t.Helper()
	opts.Keys = StateKeys(st)
	cfg, diags := lang.LoadFiles(map[string][]byte{"main.hcl": []byte(src)}, opts)
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	p, diags := New(cfg, st, nil, At(now))
	if diags.HasErrors() {
		t.Fatalf("plan: %s", diags.Error())
	}
	return p
}

// signedConfig creates accounts and a grant whose subject holds a new
// account's key, with a relative expiry and a revocation made by the plan.
const signedConfig = `operator "O" { system_account = account.SYS }
account "SYS" {}
account "Exp" {
  user "u" { allow_pub = ["a.${account.Imp.public_key}"] }
  service "s" {
    subject            = "s.>"
    private            = true
    revoke_activations = ["AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"]
  }
}
account "Imp" {
  import "s" {
    service = account.Exp.service.s
    subject = "s.${account.Imp.public_key}"
  }
}
grant "g" {
  service    = account.Exp.service.s
  to         = account.Imp
  subject    = "s.${account.Imp.public_key}"
  expires_in = "30d"
}
`

// TestSignedDigestSameWithRealKeys: the claims a plan shows with
// placeholders and those apply builds with the keys it made, later, read
// the same; another subject does not.
func TestSignedDigestSameWithRealKeys(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	st := state.New()
	shown := planWith(t, signedConfig, st, t0, lang.LoadOptions{})
	made := map[string]string{}
	signed := planWith(t, signedConfig, st, t0.Add(time.Hour), lang.LoadOptions{NewKeys: realKeys(t, made)})
	if len(made) != 5 || len(shown.Changes) != 6 || len(signed.Changes) != 6 {
		t.Fatalf("%d keys made, %d and %d changes; want 5 keys, 6 changes", len(made), len(shown.Changes), len(signed.Changes))
	}
	for i, c := range shown.Changes {
		g := signed.Changes[i]
		if c.Desired.Digest == g.Desired.Digest {
			t.Fatalf("%s: the claims digest is the same with placeholders and real keys; the test proves nothing", c.Address)
		}
		if shown.SignedDigest(c) != signed.SignedDigest(g) || shown.SignedDigest(c) == "" {
			t.Errorf("%s: signed digest %q with placeholders, %q with real keys", c.Address, shown.SignedDigest(c), signed.SignedDigest(g))
		}
	}
	if err := shown.Save().Check(signed); err != nil {
		t.Fatalf("the saved plan is refused with real keys: %v", err)
	}

	other := planWith(t, strings.Replace(signedConfig, `subject    = "s.${account.Imp.public_key}"`, `subject    = "s.*"`, 1),
		st, t0, lang.LoadOptions{})
	other.ConfigDigest = shown.ConfigDigest // as if the subject came from an input: the claims alone must tell
	err := shown.Save().Check(other)
	// The importer's own claims are the same: its token is the grant's
	// JWT, which the grant's own change binds.
	want := "saved plan is stale: grant.g would be signed with other claims than the plan showed; run plan again"
	if err == nil || err.Error() != want {
		t.Fatalf("another grant subject: %v, want %s", err, want)
	}
}

// TestSignedDigestTellsKeysApart: a placeholder reads as its entity, not
// as any key: the key of one new account in place of another's moves the
// claims.
func TestSignedDigestTellsKeysApart(t *testing.T) {
	now := time.Now()
	shown := planWith(t, signedConfig, state.New(), now, lang.LoadOptions{})
	swapped := planWith(t, strings.Replace(signedConfig, `allow_pub = ["a.${account.Imp.public_key}"]`,
		`allow_pub = ["a.${account.Exp.public_key}"]`, 1), state.New(), now, lang.LoadOptions{})
	a, b := shown.Save().Changes, swapped.Save().Changes
	for i := range a {
		same := a[i].Digest == b[i].Digest
		if same != (a[i].Address != "account.Exp.user.u") {
			t.Errorf("%s: digest same=%v", a[i].Address, same)
		}
	}
}

// TestSavedCheck covers every reason Check refuses for, and the plan it
// accepts.
func TestSavedCheck(t *testing.T) {
	now := time.Now()
	base := planWith(t, signedConfig, state.New(), now, lang.LoadOptions{})
	base.Inputs = []lang.Input{{Kind: lang.InputFile, Name: "perms.json", Digest: "d1"},
		{Kind: lang.InputVarFile, Name: "pr.vars", Digest: "d2"}, {Kind: lang.InputVariable, Name: "allow", Digest: "d3"}}
	if err := base.Save().Check(base); err != nil {
		t.Fatalf("a plan checked against itself: %v", err)
	}
	for _, tc := range []struct {
		name  string
		saved func(*Saved)
		now   func(*Plan)
		want  string
	}{
		{"state written since", func(s *Saved) { s.StateLineage = "" }, func(p *Plan) { p.StateLineage, p.StateSerial = "L", 1 },
			"it was made before the state existed, and the state has been written since (serial 1)"},
		{"other lineage", func(s *Saved) { s.StateLineage = "L1" }, func(p *Plan) { p.StateLineage = "L2" },
			"it was made for another state (lineage L1, this state is L2)"},
		{"serial moved", nil, func(p *Plan) { p.StateSerial = 3 },
			"the state moved from serial 0 to serial 3 since the plan was made"},
		{"config changed", nil, func(p *Plan) { p.ConfigDigest = "other" },
			"the configuration changed since the plan was made (digest " + base.ConfigDigest[:12] + " then, other now)"},
		{"file changed", nil, func(p *Plan) { p.Inputs = withInput(p.Inputs, 0, "x") },
			"perms.json, read by file(), changed since the plan was made"},
		{"var-file changed", nil, func(p *Plan) { p.Inputs = withInput(p.Inputs, 1, "x") },
			"-var-file pr.vars changed since the plan was made"},
		// A variable is in the configuration digest too: named once.
		{"variable changed", nil, func(p *Plan) { p.Inputs, p.ConfigDigest = withInput(p.Inputs, 2, "x"), "other" },
			"var.allow, given from outside, has another value"},
		{"inputs read then only", nil, func(p *Plan) { p.Inputs = nil },
			"perms.json was read by file() when the plan was made, and is not now; " +
				"-var-file pr.vars was read when the plan was made, and is not now; " +
				"var.allow was given from outside when the plan was made, and is not now"},
		{"inputs read now only", func(s *Saved) { s.Inputs = nil }, nil,
			"perms.json is read by file() now, and was not when the plan was made; " +
				"-var-file pr.vars is read now, and was not when the plan was made; " +
				"var.allow is given from outside now, and was not when the plan was made"},
		{"unknown input kind", func(s *Saved) { s.Inputs = append(s.Inputs, lang.Input{Kind: "env", Name: "HOME", Digest: "d"}) }, nil,
			"input env HOME is not read now"},
		{"claims moved", func(s *Saved) { s.Changes[2].Digest = "x" }, nil,
			base.Changes[2].Address + " would be signed with other claims than the plan showed"},
		{"action moved", func(s *Saved) { s.Changes[0].Action = "~" }, nil,
			"it says ~ " + base.Changes[0].Address + ", planning now says + " + base.Changes[0].Address},
		{"change now only", func(s *Saved) { s.Changes = s.Changes[1:] }, nil,
			"planning now says + " + base.Changes[0].Address + ", which the plan did not show"},
		{"change then only", func(s *Saved) { s.Changes = append(s.Changes, SavedChange{Address: "account.Gone", Action: "-"}) }, nil,
			"it says - account.Gone, planning now does not change it"},
		{"listed twice", func(s *Saved) { s.Changes = append(s.Changes, s.Changes[0]) }, nil,
			"it lists " + base.Changes[0].Address + " twice"},
		{"token file now only", nil, func(p *Plan) {
			p.TokenFiles = []TokenFile{{Address: "grant.g", Path: "out/g.jwt", Reason: "it is missing"}}
		}, "planning now writes token file out/g.jwt for grant.g (it is missing), which the plan did not show"},
		{"token file then only", func(s *Saved) { s.TokenFiles = []SavedTokenFile{{Address: "grant.g", Path: "out/g.jwt"}} }, nil,
			"it writes token file out/g.jwt for grant.g, planning now does not"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := base.Save(), *base
			p.Inputs = append([]lang.Input{}, base.Inputs...)
			if tc.saved != nil {
				tc.saved(s)
			}
			if tc.now != nil {
				tc.now(&p)
			}
			err := s.Check(&p)
			if want := "saved plan is stale: " + tc.want + "; run plan again"; err == nil || err.Error() != want {
				t.Fatalf("got  %v\nwant %s", err, want)
			}
		})
	}
}

func withInput(in []lang.Input, i int, digest string) []lang.Input {
	out := append([]lang.Input{}, in...)
	out[i].Digest = digest
	return out
}

// TestSavedCheckCountsMany: a refusal names the first entities and counts
// the rest.
func TestSavedCheckCountsMany(t *testing.T) {
	p := planWith(t, fleetConfig(20, ""), state.New(), time.Now(), lang.LoadOptions{})
	s := p.Save()
	for i := range s.Changes {
		s.Changes[i].Digest = "x"
	}
	err := s.Check(p)
	if err == nil || strings.Count(err.Error(), "would be signed with other claims") != maxStaleChanges ||
		!strings.Contains(err.Error(), "; and "+itoa(len(s.Changes)-maxStaleChanges)+" more changes differ; run plan again") {
		t.Fatalf("%d changes moved: %v", len(s.Changes), err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestReadSavedFormats: a saved plan of the old format, which bound the
// *.hcl files only, is refused, as is one of a format to come.
func TestReadSavedFormats(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ content, want string }{
		{`{"format_version": 1, "changes": []}`, "is a saved plan of format 1, made by an older natsplan, which did not bind the claims of each change; make the plan again (plan -out)"},
		{`{"format_version": 3, "changes": []}`, "is a saved plan of format 3; this natsplan reads format 2"},
		{`operator "O" {}`, "is not a saved plan"},
	} {
		path := filepath.Join(dir, "x.plan")
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadSaved(path); err == nil || !strings.Contains(err.Error(), path+" "+tc.want) {
			t.Errorf("%s: %v, want %q", tc.content, err, tc.want)
		}
	}
	p := planWith(t, signedConfig, state.New(), time.Now(), lang.LoadOptions{})
	path := filepath.Join(dir, "ok.plan")
	if err := WriteSaved(path, p.Save()); err != nil {
		t.Fatal(err)
	}
	s, err := ReadSaved(path)
	if err != nil || s.Check(p) != nil {
		t.Fatalf("read back: %v, %v", err, s.Check(p))
	}
}
